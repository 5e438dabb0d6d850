from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enrollment_configuration_assignment_collection_response import (
    EnrollmentConfigurationAssignmentCollectionResponse,
)
from ...models.odata_error import OdataError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    device_enrollment_configuration_id: str,
    *,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    select: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    count: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["$top"] = top

    params["$skip"] = skip

    params["$select"] = select

    params["$filter"] = filter_

    params["$orderby"] = orderby

    params["$count"] = count

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/deviceManagement/deviceEnrollmentConfigurations/{device_enrollment_configuration_id}/assignments".format(
            device_enrollment_configuration_id=quote(str(device_enrollment_configuration_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnrollmentConfigurationAssignmentCollectionResponse | OdataError | None:
    if response.status_code == 200:
        response_200 = EnrollmentConfigurationAssignmentCollectionResponse.from_dict(response.json())

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
) -> Response[EnrollmentConfigurationAssignmentCollectionResponse | OdataError]:
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
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    select: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    count: bool | Unset = UNSET,
) -> Response[EnrollmentConfigurationAssignmentCollectionResponse | OdataError]:
    """List the assignments of an enrollment configuration

     Lists the enrollmentConfigurationAssignment objects of a device enrollment
    configuration, in the order they were created.

    The result is paged: when more assignments remain, the response carries
    `@odata.nextLink`, an absolute URL that returns the next page. Follow it
    unchanged until a page has no `@odata.nextLink`: it carries the query
    options of the first request, so every page belongs to one result.

    Supported OData query options: `$select`, `$filter`, `$orderby`, `$count`,
    `$top` and `$skip`. `$expand` (the entity has no navigation properties)
    and `$search` are rejected with `400 BadRequest`.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        top (int | Unset):
        skip (int | Unset):
        select (str | Unset):
        filter_ (str | Unset):
        orderby (str | Unset):
        count (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentConfigurationAssignmentCollectionResponse | OdataError]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        top=top,
        skip=skip,
        select=select,
        filter_=filter_,
        orderby=orderby,
        count=count,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    select: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    count: bool | Unset = UNSET,
) -> EnrollmentConfigurationAssignmentCollectionResponse | OdataError | None:
    """List the assignments of an enrollment configuration

     Lists the enrollmentConfigurationAssignment objects of a device enrollment
    configuration, in the order they were created.

    The result is paged: when more assignments remain, the response carries
    `@odata.nextLink`, an absolute URL that returns the next page. Follow it
    unchanged until a page has no `@odata.nextLink`: it carries the query
    options of the first request, so every page belongs to one result.

    Supported OData query options: `$select`, `$filter`, `$orderby`, `$count`,
    `$top` and `$skip`. `$expand` (the entity has no navigation properties)
    and `$search` are rejected with `400 BadRequest`.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        top (int | Unset):
        skip (int | Unset):
        select (str | Unset):
        filter_ (str | Unset):
        orderby (str | Unset):
        count (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentConfigurationAssignmentCollectionResponse | OdataError
    """

    return sync_detailed(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        client=client,
        top=top,
        skip=skip,
        select=select,
        filter_=filter_,
        orderby=orderby,
        count=count,
    ).parsed


async def asyncio_detailed(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    select: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    count: bool | Unset = UNSET,
) -> Response[EnrollmentConfigurationAssignmentCollectionResponse | OdataError]:
    """List the assignments of an enrollment configuration

     Lists the enrollmentConfigurationAssignment objects of a device enrollment
    configuration, in the order they were created.

    The result is paged: when more assignments remain, the response carries
    `@odata.nextLink`, an absolute URL that returns the next page. Follow it
    unchanged until a page has no `@odata.nextLink`: it carries the query
    options of the first request, so every page belongs to one result.

    Supported OData query options: `$select`, `$filter`, `$orderby`, `$count`,
    `$top` and `$skip`. `$expand` (the entity has no navigation properties)
    and `$search` are rejected with `400 BadRequest`.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        top (int | Unset):
        skip (int | Unset):
        select (str | Unset):
        filter_ (str | Unset):
        orderby (str | Unset):
        count (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrollmentConfigurationAssignmentCollectionResponse | OdataError]
    """

    kwargs = _get_kwargs(
        device_enrollment_configuration_id=device_enrollment_configuration_id,
        top=top,
        skip=skip,
        select=select,
        filter_=filter_,
        orderby=orderby,
        count=count,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_enrollment_configuration_id: str,
    *,
    client: AuthenticatedClient,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    select: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    count: bool | Unset = UNSET,
) -> EnrollmentConfigurationAssignmentCollectionResponse | OdataError | None:
    """List the assignments of an enrollment configuration

     Lists the enrollmentConfigurationAssignment objects of a device enrollment
    configuration, in the order they were created.

    The result is paged: when more assignments remain, the response carries
    `@odata.nextLink`, an absolute URL that returns the next page. Follow it
    unchanged until a page has no `@odata.nextLink`: it carries the query
    options of the first request, so every page belongs to one result.

    Supported OData query options: `$select`, `$filter`, `$orderby`, `$count`,
    `$top` and `$skip`. `$expand` (the entity has no navigation properties)
    and `$search` are rejected with `400 BadRequest`.

    Permissions: delegated (work or school account)
    `DeviceManagementServiceConfig.Read.All` or `DeviceManagementServiceConfig.ReadWrite.All`.
    Delegated (personal Microsoft account) and application permissions are not supported.

    Args:
        device_enrollment_configuration_id (str):
        top (int | Unset):
        skip (int | Unset):
        select (str | Unset):
        filter_ (str | Unset):
        orderby (str | Unset):
        count (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrollmentConfigurationAssignmentCollectionResponse | OdataError
    """

    return (
        await asyncio_detailed(
            device_enrollment_configuration_id=device_enrollment_configuration_id,
            client=client,
            top=top,
            skip=skip,
            select=select,
            filter_=filter_,
            orderby=orderby,
            count=count,
        )
    ).parsed
