"""Both of azure-identity's ClientSecretCredential classes take their tokens from the emulator as authority.

The sync class goes through MSAL (the authority's OpenID configuration, then
its token endpoint, over requests); the async one posts to the token
endpoint itself (over aiohttp). A wrong secret fails in the credential with
Entra's error code.
"""

from __future__ import annotations

from collections.abc import Callable

import azure.identity
import azure.identity.aio
import graph
import pytest
from azure.core.exceptions import ClientAuthenticationError
from emulator import Emulator

pytestmark = pytest.mark.anyio

CREDENTIAL_CLASSES = [azure.identity.ClientSecretCredential, azure.identity.aio.ClientSecretCredential]


def credential_id(cls: Callable[..., object]) -> str:
    return f"{cls.__module__.split('._')[0]}.{cls.__name__}"


async def close(credential: object) -> None:
    closed = credential.close()  # type: ignore[attr-defined]
    if closed is not None:
        await closed


@pytest.mark.parametrize("cls", CREDENTIAL_CLASSES, ids=credential_id)
async def test_credential_lists(emulator: Emulator, configuration: str, cls: Callable[..., object]) -> None:
    credential = cls(
        emulator.tenant, emulator.writer.client_id, emulator.writer.secret, **graph.credential_options(emulator)
    )
    try:
        page = await graph.assignments(graph.client(emulator, credential), configuration).get()
        assert page is not None and page.value == []
    finally:
        await close(credential)


@pytest.mark.parametrize("cls", CREDENTIAL_CLASSES, ids=credential_id)
async def test_wrong_secret_fails_in_the_credential(
    emulator: Emulator, configuration: str, cls: Callable[..., object]
) -> None:
    credential = cls(emulator.tenant, emulator.writer.client_id, "not-the-secret", **graph.credential_options(emulator))
    try:
        with pytest.raises(ClientAuthenticationError, match="AADSTS7000215"):
            await graph.assignments(graph.client(emulator, credential), configuration).get()
    finally:
        await close(credential)
