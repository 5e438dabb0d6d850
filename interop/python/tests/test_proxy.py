"""Proxy mode: automation written for Microsoft's cloud, unchanged, with only HTTPS_PROXY and the CA in its
environment: the credentials' default authority and the SDK's default client, answered by the emulator's
proxy for login.microsoftonline.com and graph.microsoft.com."""

from __future__ import annotations

from collections.abc import Callable

import graph
import pytest
from emulator import Emulator
from msgraph_beta import GraphServiceClient

pytestmark = pytest.mark.anyio


# The SDK's default client takes its base URL from its httpx client, which
# ends it with a '/': every request starts /beta//, which Graph, and so the
# emulator, serves as /beta/.
@pytest.mark.parametrize("cls", graph.CREDENTIAL_CLASSES, ids=graph.credential_id)
async def test_default_client_through_the_proxy(
    emulator: Emulator, configuration: str, cls: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", emulator.proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    credential = cls(emulator.tenant, emulator.writer.client_id, emulator.writer.secret)
    try:
        client = GraphServiceClient(credential, scopes=graph.GRAPH_SCOPES)
        page = await graph.assignments(client, configuration).get()
        assert page is not None and page.value == []
    finally:
        await graph.close(credential)
