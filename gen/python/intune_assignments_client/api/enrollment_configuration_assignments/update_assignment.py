from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enrollment_configuration_assignment import EnrollmentConfigurationAssignment
from ...models.enrollment_configuration_assignment_update import EnrollmentConfigurationAssignmentUpdate
from ...models.odata_error import OdataError
from ...types import Response


def _get_kwargs(
    device_enrollment_configuration_id: str,
    enrollment_configuration_assignment_id: str,
    *,
    body: EnrollmentConfigurationAssignmentUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/deviceManagement/deviceEnrollmentConfigurations/{device_enrollment_configuration_id}/assignments/{enrollment_configuration_assignment_id}".format(
            device_enrollment_configuration_id=quote(str(device_enrollment_configuration_id), safe=""),
            enrollment_configuration_assignment_id=quote(str(enrollment_configuration_assignment_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    enrollment_configuration_assignment_id: str,
    *,
    client: AuthenticatedClient,
    body: EnrollmentConfigurationAssignmentUpdate,
) -> Response[EnrollmentConfigurationAssignment | OdataError]:
    """Update an assignment

     Updates the properties of an enrollmentConfigurationAssignment. Only the
    properties in the body change; the others keep their values. A `target` in
    the body replaces the whole target; `null` clears a nullable property
    (`sourceId`). An `id` in the body must equal the assignment's id. A body
    read with GET may be sent back as it is: its control information
    (`@odata.context`, ...) is ignored.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        enrollment_configuration_assignment_id (str):
        body (EnrollmentConfigurationAssignmentUpdate): The properties of an
            enrollmentConfigurationAssignment to change. Every property
            is optional; the ones given replace the stored values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentConfigurationAssignment | OdataError]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        enrollment_configuration_assignment_id=enrollment_configuration_assignment_id,
        body=body,
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
    body: EnrollmentConfigurationAssignmentUpdate,
) -> EnrollmentConfigurationAssignment | OdataError | None:
    """Update an assignment

     Updates the properties of an enrollmentConfigurationAssignment. Only the
    properties in the body change; the others keep their values. A `target` in
    the body replaces the whole target; `null` clears a nullable property
    (`sourceId`). An `id` in the body must equal the assignment's id. A body
    read with GET may be sent back as it is: its control information
    (`@odata.context`, ...) is ignored.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        enrollment_configuration_assignment_id (str):
        body (EnrollmentConfigurationAssignmentUpdate): The properties of an
            enrollmentConfigurationAssignment to change. Every property
            is optional; the ones given replace the stored values.

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
        body=body,
    ).parsed


async def asyncio_detailed(
    device_enrollment_configuration_id: str,
    enrollment_configuration_assignment_id: str,
    *,
    client: AuthenticatedClient,
    body: EnrollmentConfigurationAssignmentUpdate,
) -> Response[EnrollmentConfigurationAssignment | OdataError]:
    """Update an assignment

     Updates the properties of an enrollmentConfigurationAssignment. Only the
    properties in the body change; the others keep their values. A `target` in
    the body replaces the whole target; `null` clears a nullable property
    (`sourceId`). An `id` in the body must equal the assignment's id. A body
    read with GET may be sent back as it is: its control information
    (`@odata.context`, ...) is ignored.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        enrollment_configuration_assignment_id (str):
        body (EnrollmentConfigurationAssignmentUpdate): The properties of an
            enrollmentConfigurationAssignment to change. Every property
            is optional; the ones given replace the stored values.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentConfigurationAssignment | OdataError]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        enrollment_configuration_assignment_id=enrollment_configuration_assignment_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_enrollment_configuration_id: str,
    enrollment_configuration_assignment_id: str,
    *,
    client: AuthenticatedClient,
    body: EnrollmentConfigurationAssignmentUpdate,
) -> EnrollmentConfigurationAssignment | OdataError | None:
    """Update an assignment

     Updates the properties of an enrollmentConfigurationAssignment. Only the
    properties in the body change; the others keep their values. A `target` in
    the body replaces the whole target; `null` clears a nullable property
    (`sourceId`). An `id` in the body must equal the assignment's id. A body
    read with GET may be sent back as it is: its control information
    (`@odata.context`, ...) is ignored.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        enrollment_configuration_assignment_id (str):
        body (EnrollmentConfigurationAssignmentUpdate): The properties of an
            enrollmentConfigurationAssignment to change. Every property
            is optional; the ones given replace the stored values.

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
            body=body,
        )
    ).parsed
