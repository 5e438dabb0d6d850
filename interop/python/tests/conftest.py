"""The emulator the tests run against, the Graph clients they use, and the run's closing line."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import emulator as emulator_process
import graph
import pytest
from azure.identity.aio import ClientSecretCredential
from emulator import App, Emulator
from msgraph_beta import GraphServiceClient


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    started = emulator_process.start(tmp_path_factory.mktemp("emulator"))
    # The CA is trusted as automation would trust it, through the
    # environment: httpx (the SDK) and aiohttp (the async credentials) read
    # SSL_CERT_FILE, requests (MSAL, the sync credentials)
    # REQUESTS_CA_BUNDLE. Each reads it when a client or request is made,
    # after this.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SSL_CERT_FILE", started.ca)
        env.setenv("REQUESTS_CA_BUNDLE", started.ca)
        try:
            yield started
        finally:
            started.stop()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _client(emulator: Emulator, app: App) -> AsyncIterator[GraphServiceClient]:
    # The Graph SDK's README builds its app-only client on the async
    # ClientSecretCredential; test_credentials tries the sync one too.
    credential = ClientSecretCredential(
        emulator.tenant, app.client_id, app.secret, **graph.credential_options(emulator)
    )
    async with credential:
        yield graph.client(emulator, credential)


@pytest.fixture
async def writer(emulator: Emulator) -> AsyncIterator[GraphServiceClient]:
    """The client of the app granted the write permission."""
    async for c in _client(emulator, emulator.writer):
        yield c


@pytest.fixture
async def reader(emulator: Emulator) -> AsyncIterator[GraphServiceClient]:
    """The client of the app granted only the read permission."""
    async for c in _client(emulator, emulator.reader):
        yield c


@pytest.fixture
def configuration(emulator: Emulator) -> str:
    """A configuration of the test's own."""
    return emulator.new_configuration()


def pytest_unconfigure(config: pytest.Config) -> None:
    # The closing line every language's run prints, after pytest's own: an
    # error in a fixture counts as a failure.
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or config.option.collectonly:
        return
    passed = len([r for r in reporter.stats.get("passed", []) if r.when == "call"])
    failed = len(reporter.stats.get("failed", [])) + len(reporter.stats.get("error", []))
    print(f"{passed} passed, {failed} failed", flush=True)
