from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.odata_error import OdataError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    device_enrollment_configuration_id: str,
    *,
    filter_: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["$filter"] = filter_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/deviceManagement/deviceEnrollmentConfigurations/{device_enrollment_configuration_id}/assignments/$count".format(
            device_enrollment_configuration_id=quote(str(device_enrollment_configuration_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OdataError | int | None:
    if response.status_code == 200:
        response_200 = cast(int, response.text)
        return response_200

    if response.status_code == 400:
        response_400 = OdataError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OdataError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = OdataError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = OdataError.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = OdataError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = OdataError.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = OdataError.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = OdataError.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OdataError | int]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    filter_: str | Unset = UNSET,
) -> Response[OdataError | int]:
    """Count the assignments of an enrollment configuration

     Answers the number of the configuration's assignments, as a plain-text
    integer; with `$filter`, the number of those that match it.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        filter_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OdataError | int]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        filter_=filter_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    filter_: str | Unset = UNSET,
) -> OdataError | int | None:
    """Count the assignments of an enrollment configuration

     Answers the number of the configuration's assignments, as a plain-text
    integer; with `$filter`, the number of those that match it.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        filter_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OdataError | int
    """

    return sync_detailed(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        client=client,
        filter_=filter_,
    ).parsed


async def asyncio_detailed(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    filter_: str | Unset = UNSET,
) -> Response[OdataError | int]:
    """Count the assignments of an enrollment configuration

     Answers the number of the configuration's assignments, as a plain-text
    integer; with `$filter`, the number of those that match it.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        filter_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OdataError | int]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        filter_=filter_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    filter_: str | Unset = UNSET,
) -> OdataError | int | None:
    """Count the assignments of an enrollment configuration

     Answers the number of the configuration's assignments, as a plain-text
    integer; with `$filter`, the number of those that match it.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        filter_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OdataError | int
    """

    return (
        await asyncio_detailed(
            device_enrollment_configuration_id=device_enrollment_configuration_id,
            client=client,
            filter_=filter_,
        )
    ).parsed
