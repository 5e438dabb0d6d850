"""Both of azure-identity's ClientSecretCredential classes take their tokens from the emulator as authority;
a wrong secret fails in the credential with Entra's error code."""

from __future__ import annotations

from collections.abc import Callable

import graph
import pytest
from azure.core.exceptions import ClientAuthenticationError
from emulator import Emulator

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("cls", graph.CREDENTIAL_CLASSES, ids=graph.credential_id)
async def test_credential_lists(emulator: Emulator, configuration: str, cls: Callable[..., object]) -> None:
    credential = cls(
        emulator.tenant, emulator.writer.client_id, emulator.writer.secret, **graph.credential_options(emulator)
    )
    try:
        page = await graph.assignments(graph.client(emulator, credential), configuration).get()
        assert page is not None and page.value == []
    finally:
        await graph.close(credential)


@pytest.mark.parametrize("cls", graph.CREDENTIAL_CLASSES, ids=graph.credential_id)
async def test_wrong_secret_fails_in_the_credential(
    emulator: Emulator, configuration: str, cls: Callable[..., object]
) -> None:
    credential = cls(emulator.tenant, emulator.writer.client_id, "not-the-secret", **graph.credential_options(emulator))
    try:
        with pytest.raises(ClientAuthenticationError, match="AADSTS7000215"):
            await graph.assignments(graph.client(emulator, credential), configuration).get()
    finally:
        await graph.close(credential)
