from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enrollment_configuration_assignment import EnrollmentConfigurationAssignment
from ...models.odata_error import OdataError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    device_enrollment_configuration_id: str,
    enrollment_configuration_assignment_id: str,
    *,
    select: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["$select"] = select

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/deviceManagement/deviceEnrollmentConfigurations/{device_enrollment_configuration_id}/assignments/{enrollment_configuration_assignment_id}".format(
            device_enrollment_configuration_id=quote(str(device_enrollment_configuration_id), safe=""),
            enrollment_configuration_assignment_id=quote(str(enrollment_configuration_assignment_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnrollmentConfigurationAssignment | OdataError | None:
    if response.status_code == 200:
        response_200 = EnrollmentConfigurationAssignment.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EnrollmentConfigurationAssignment | OdataError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    device_enrollment_configuration_id: str,
    enrollment_configuration_assignment_id: str,
    *,
    client: AuthenticatedClient,
    select: str | Unset = UNSET,
) -> Response[EnrollmentConfigurationAssignment | OdataError]:
    """Get an assignment

     Reads the properties of one enrollmentConfigurationAssignment.

    Supported OData query options: `$select`. `$expand` (the entity has no
    navigation properties) is rejected with `400 BadRequest`.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        enrollment_configuration_assignment_id (str):
        select (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentConfigurationAssignment | OdataError]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        enrollment_configuration_assignment_id=enrollment_configuration_assignment_id,
        select=select,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_enrollment_configuration_id: str,
    enrollment_configuration_assignment_id: str,
    *,
    client: AuthenticatedClient,
    select: str | Unset = UNSET,
) -> EnrollmentConfigurationAssignment | OdataError | None:
    """Get an assignment

     Reads the properties of one enrollmentConfigurationAssignment.

    Supported OData query options: `$select`. `$expand` (the entity has no
    navigation properties) is rejected with `400 BadRequest`.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        enrollment_configuration_assignment_id (str):
        select (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentConfigurationAssignment | OdataError
    """

    return sync_detailed(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        enrollment_configuration_assignment_id=enrollment_configuration_assignment_id,
        client=client,
        select=select,
    ).parsed


async def asyncio_detailed(
    device_enrollment_configuration_id: str,
    enrollment_configuration_assignment_id: str,
    *,
    client: AuthenticatedClient,
    select: str | Unset = UNSET,
) -> Response[EnrollmentConfigurationAssignment | OdataError]:
    """Get an assignment

     Reads the properties of one enrollmentConfigurationAssignment.

    Supported OData query options: `$select`. `$expand` (the entity has no
    navigation properties) is rejected with `400 BadRequest`.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        enrollment_configuration_assignment_id (str):
        select (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentConfigurationAssignment | OdataError]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        enrollment_configuration_assignment_id=enrollment_configuration_assignment_id,
        select=select,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_enrollment_configuration_id: str,
    enrollment_configuration_assignment_id: str,
    *,
    client: AuthenticatedClient,
    select: str | Unset = UNSET,
) -> EnrollmentConfigurationAssignment | OdataError | None:
    """Get an assignment

     Reads the properties of one enrollmentConfigurationAssignment.

    Supported OData query options: `$select`. `$expand` (the entity has no
    navigation properties) is rejected with `400 BadRequest`.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        enrollment_configuration_assignment_id (str):
        select (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentConfigurationAssignment | OdataError
    """

    return (
        await asyncio_detailed(
            device_enrollment_configuration_id=device_enrollment_configuration_id,
            enrollment_configuration_assignment_id=enrollment_configuration_assignment_id,
            client=client,
            select=select,
        )
    ).parsed
