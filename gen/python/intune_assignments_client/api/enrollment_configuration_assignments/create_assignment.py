from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enrollment_configuration_assignment import EnrollmentConfigurationAssignment
from ...models.new_enrollment_configuration_assignment import NewEnrollmentConfigurationAssignment
from ...models.odata_error import OdataError
from ...types import Response


def _get_kwargs(
    device_enrollment_configuration_id: str,
    *,
    body: NewEnrollmentConfigurationAssignment,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/deviceManagement/deviceEnrollmentConfigurations/{device_enrollment_configuration_id}/assignments".format(
            device_enrollment_configuration_id=quote(str(device_enrollment_configuration_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnrollmentConfigurationAssignment | OdataError | None:
    if response.status_code == 201:
        response_201 = EnrollmentConfigurationAssignment.from_dict(response.json())

        return response_201

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

    if response.status_code == 413:
        response_413 = OdataError.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = OdataError.from_dict(response.json())

        return response_415

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
    *,
    client: AuthenticatedClient,
    body: NewEnrollmentConfigurationAssignment,
) -> Response[EnrollmentConfigurationAssignment | OdataError]:
    """Create an assignment

     Creates a new enrollmentConfigurationAssignment for the device enrollment
    configuration. `target` is required; `id` may be omitted, in which case the
    service assigns one.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account): not supported. Application: not supported.

    Args:
        device_enrollment_configuration_id (str):
        body (NewEnrollmentConfigurationAssignment): An enrollmentConfigurationAssignment to
            create, which must have a `target`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentConfigurationAssignment | OdataError]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    body: NewEnrollmentConfigurationAssignment,
) -> EnrollmentConfigurationAssignment | OdataError | None:
    """Create an assignment

     Creates a new enrollmentConfigurationAssignment for the device enrollment
    configuration. `target` is required; `id` may be omitted, in which case the
    service assigns one.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account): not supported. Application: not supported.

    Args:
        device_enrollment_configuration_id (str):
        body (NewEnrollmentConfigurationAssignment): An enrollmentConfigurationAssignment to
            create, which must have a `target`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentConfigurationAssignment | OdataError
    """

    return sync_detailed(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    body: NewEnrollmentConfigurationAssignment,
) -> Response[EnrollmentConfigurationAssignment | OdataError]:
    """Create an assignment

     Creates a new enrollmentConfigurationAssignment for the device enrollment
    configuration. `target` is required; `id` may be omitted, in which case the
    service assigns one.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account): not supported. Application: not supported.

    Args:
        device_enrollment_configuration_id (str):
        body (NewEnrollmentConfigurationAssignment): An enrollmentConfigurationAssignment to
            create, which must have a `target`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentConfigurationAssignment | OdataError]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    body: NewEnrollmentConfigurationAssignment,
) -> EnrollmentConfigurationAssignment | OdataError | None:
    """Create an assignment

     Creates a new enrollmentConfigurationAssignment for the device enrollment
    configuration. `target` is required; `id` may be omitted, in which case the
    service assigns one.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account): not supported. Application: not supported.

    Args:
        device_enrollment_configuration_id (str):
        body (NewEnrollmentConfigurationAssignment): An enrollmentConfigurationAssignment to
            create, which must have a `target`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentConfigurationAssignment | OdataError
    """

    return (
        await asyncio_detailed(
            device_enrollment_configuration_id=device_enrollment_configuration_id,
            client=client,
            body=body,
        )
    ).parsed
