"""A 429 with Retry-After, retried by the SDK's own retry middleware."""

from __future__ import annotations

import time
from dataclasses import dataclass

import graph
import httpx
import pytest
from azure.identity.aio import ClientSecretCredential
from emulator import Emulator
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.models.all_devices_assignment_target import AllDevicesAssignmentTarget
from msgraph_beta.graph_request_adapter import options as beta_options
from msgraph_core import APIVersion, GraphClientFactory

pytestmark = pytest.mark.anyio

FAULT = "X-Emulator-Fault"
RETRY_ATTEMPT = "Retry-Attempt"
# Longer than the retry handler's own delay without Retry-After (3 seconds,
# plus up to 1.25 of backoff and jitter), so that a retry this late can only
# have waited for Retry-After.
RETRY_AFTER = 5


@dataclass
class Attempt:
    headers: httpx.Headers
    status: int
    retry_after: str | None
    sent: float  # time.monotonic()
    answered: float


class Tap(httpx.AsyncBaseTransport):
    """The network end of the SDK's middleware: it sends each attempt, keeps what was sent and answered, and
    passes the fault header on the first attempt only, as a throttle that lifts once it has been waited out."""

    def __init__(self) -> None:
        # The SDK's own transport settings: HTTP/2, and the CA from the
        # environment.
        self._inner = httpx.AsyncHTTPTransport(http2=True)
        self.attempts: list[Attempt] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if RETRY_ATTEMPT in request.headers:
            del request.headers[FAULT]
        sent = time.monotonic()
        response = await self._inner.handle_async_request(request)
        self.attempts.append(
            Attempt(
                request.headers.copy(),
                response.status_code,
                response.headers.get("Retry-After"),
                sent,
                time.monotonic(),
            )
        )
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_429_is_retried_after_retry_after(
    emulator: Emulator, writer: GraphServiceClient, configuration: str
) -> None:
    created = await graph.create(writer, configuration, AllDevicesAssignmentTarget())
    tap = Tap()
    # The SDK's default middleware, as GraphRequestAdapter builds it, over
    # the tap.
    http_client = GraphClientFactory.create_with_default_middleware(
        api_version=APIVersion.beta, client=httpx.AsyncClient(transport=tap), options=beta_options
    )
    credential = ClientSecretCredential(
        emulator.tenant, emulator.writer.client_id, emulator.writer.secret, **graph.credential_options(emulator)
    )
    async with credential, http_client:
        throttled = RequestConfiguration()
        throttled.headers.add(FAULT, f"429; retry-after={RETRY_AFTER}")
        page = await graph.assignments(graph.client(emulator, credential, http_client), configuration).get(throttled)

    assert page is not None and [a.id for a in page.value] == [created.id], "the retried list's answer"
    assert [(a.status, a.retry_after, a.headers.get(FAULT), a.headers.get(RETRY_ATTEMPT)) for a in tap.attempts] == [
        (429, str(RETRY_AFTER), f"429; retry-after={RETRY_AFTER}", None),
        (200, None, None, "1"),
    ], "one throttled attempt, then one retry"
    first, retry = tap.attempts
    # asyncio.sleep may wake up to one clock tick early.
    assert retry.sent - first.answered >= RETRY_AFTER - 0.05, "the retry waited for Retry-After"
