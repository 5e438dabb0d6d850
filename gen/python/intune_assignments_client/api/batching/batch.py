from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_request_content import BatchRequestContent
from ...models.batch_response_content import BatchResponseContent
from ...models.odata_error import OdataError
from ...types import Response


def _get_kwargs(
    *,
    body: BatchRequestContent,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/$batch",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BatchResponseContent | OdataError | None:
    if response.status_code == 200:
        response_200 = BatchResponseContent.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OdataError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OdataError.from_dict(response.json())

        return response_401

    if response.status_code == 413:
        response_413 = OdataError.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = OdataError.from_dict(response.json())

        return response_415

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BatchResponseContent | OdataError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchRequestContent,
) -> Response[BatchResponseContent | OdataError]:
    """Send up to 20 requests in one JSON batch

     Sends up to 20 of this API's requests in one HTTP call, as Microsoft Graph's
    JSON batching does (`POST https://graph.microsoft.com/beta/$batch`). Each
    request of the batch is served as if it had been sent on its own, with the
    batch's `Authorization`: its permissions, validation, throttling and answer
    are its own, and its answer comes back in `responses` under its `id`.

    - `id` is unique in the batch, compared without regard to case.
    - `url` is relative to the version root, with or without a leading `/`:
      `/deviceManagement/...` or `deviceManagement/...`. A URL that keeps the
      version (`/beta/...`) makes the whole batch fail with `400`; an absolute
      URL fails its own request with `400`, as Graph answers them.
    - A `body` is a JSON value, or a string holding base64 for another media
      type; a request with a body needs a `Content-Type` in its `headers`.
    - `dependsOn` names requests earlier in the batch. A request runs only
      after those it depends on, and only if each of them succeeded (`2xx`);
      otherwise it is not run and answers `424 Failed Dependency`. Requests
      without dependencies may run concurrently, and the answers may come in
      any order.
    - A throttled request answers its own `429`, with `Retry-After` in its
      `headers`; the batch itself answers `200` once it can be read, whatever
      its requests answered. Retry only the throttled requests.
    - A batch cannot contain another batch.

    Permissions: any valid token; each request needs its own operation's.

    Args:
        body (BatchRequestContent): A JSON batch of up to 20 requests.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponseContent | OdataError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: BatchRequestContent,
) -> BatchResponseContent | OdataError | None:
    """Send up to 20 requests in one JSON batch

     Sends up to 20 of this API's requests in one HTTP call, as Microsoft Graph's
    JSON batching does (`POST https://graph.microsoft.com/beta/$batch`). Each
    request of the batch is served as if it had been sent on its own, with the
    batch's `Authorization`: its permissions, validation, throttling and answer
    are its own, and its answer comes back in `responses` under its `id`.

    - `id` is unique in the batch, compared without regard to case.
    - `url` is relative to the version root, with or without a leading `/`:
      `/deviceManagement/...` or `deviceManagement/...`. A URL that keeps the
      version (`/beta/...`) makes the whole batch fail with `400`; an absolute
      URL fails its own request with `400`, as Graph answers them.
    - A `body` is a JSON value, or a string holding base64 for another media
      type; a request with a body needs a `Content-Type` in its `headers`.
    - `dependsOn` names requests earlier in the batch. A request runs only
      after those it depends on, and only if each of them succeeded (`2xx`);
      otherwise it is not run and answers `424 Failed Dependency`. Requests
      without dependencies may run concurrently, and the answers may come in
      any order.
    - A throttled request answers its own `429`, with `Retry-After` in its
      `headers`; the batch itself answers `200` once it can be read, whatever
      its requests answered. Retry only the throttled requests.
    - A batch cannot contain another batch.

    Permissions: any valid token; each request needs its own operation's.

    Args:
        body (BatchRequestContent): A JSON batch of up to 20 requests.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponseContent | OdataError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchRequestContent,
) -> Response[BatchResponseContent | OdataError]:
    """Send up to 20 requests in one JSON batch

     Sends up to 20 of this API's requests in one HTTP call, as Microsoft Graph's
    JSON batching does (`POST https://graph.microsoft.com/beta/$batch`). Each
    request of the batch is served as if it had been sent on its own, with the
    batch's `Authorization`: its permissions, validation, throttling and answer
    are its own, and its answer comes back in `responses` under its `id`.

    - `id` is unique in the batch, compared without regard to case.
    - `url` is relative to the version root, with or without a leading `/`:
      `/deviceManagement/...` or `deviceManagement/...`. A URL that keeps the
      version (`/beta/...`) makes the whole batch fail with `400`; an absolute
      URL fails its own request with `400`, as Graph answers them.
    - A `body` is a JSON value, or a string holding base64 for another media
      type; a request with a body needs a `Content-Type` in its `headers`.
    - `dependsOn` names requests earlier in the batch. A request runs only
      after those it depends on, and only if each of them succeeded (`2xx`);
      otherwise it is not run and answers `424 Failed Dependency`. Requests
      without dependencies may run concurrently, and the answers may come in
      any order.
    - A throttled request answers its own `429`, with `Retry-After` in its
      `headers`; the batch itself answers `200` once it can be read, whatever
      its requests answered. Retry only the throttled requests.
    - A batch cannot contain another batch.

    Permissions: any valid token; each request needs its own operation's.

    Args:
        body (BatchRequestContent): A JSON batch of up to 20 requests.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponseContent | OdataError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BatchRequestContent,
) -> BatchResponseContent | OdataError | None:
    """Send up to 20 requests in one JSON batch

     Sends up to 20 of this API's requests in one HTTP call, as Microsoft Graph's
    JSON batching does (`POST https://graph.microsoft.com/beta/$batch`). Each
    request of the batch is served as if it had been sent on its own, with the
    batch's `Authorization`: its permissions, validation, throttling and answer
    are its own, and its answer comes back in `responses` under its `id`.

    - `id` is unique in the batch, compared without regard to case.
    - `url` is relative to the version root, with or without a leading `/`:
      `/deviceManagement/...` or `deviceManagement/...`. A URL that keeps the
      version (`/beta/...`) makes the whole batch fail with `400`; an absolute
      URL fails its own request with `400`, as Graph answers them.
    - A `body` is a JSON value, or a string holding base64 for another media
      type; a request with a body needs a `Content-Type` in its `headers`.
    - `dependsOn` names requests earlier in the batch. A request runs only
      after those it depends on, and only if each of them succeeded (`2xx`);
      otherwise it is not run and answers `424 Failed Dependency`. Requests
      without dependencies may run concurrently, and the answers may come in
      any order.
    - A throttled request answers its own `429`, with `Retry-After` in its
      `headers`; the batch itself answers `200` once it can be read, whatever
      its requests answered. Retry only the throttled requests.
    - A batch cannot contain another batch.

    Permissions: any valid token; each request needs its own operation's.

    Args:
        body (BatchRequestContent): A JSON batch of up to 20 requests.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponseContent | OdataError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
