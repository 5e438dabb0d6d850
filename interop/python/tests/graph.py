"""The Graph beta client as automation builds it, pointed at the emulator by configuration alone.

What differs from automation written for Microsoft's cloud is the
credential's authority (with instance discovery off, which needs an https
authority), Graph's scope named outright (the SDK would otherwise derive
``https://127.0.0.1/.default`` from the host), the host allowed a token and
the base URL. The CA is trusted through the environment (SSL_CERT_FILE,
REQUESTS_CA_BUNDLE), which conftest sets.
"""

from __future__ import annotations

from collections.abc import Callable

import azure.identity
import azure.identity.aio
import httpx
from azure.core.credentials import TokenCredential
from azure.core.credentials_async import AsyncTokenCredential
from emulator import Emulator
from msgraph_beta import GraphRequestAdapter, GraphServiceClient
from msgraph_beta.generated.device_management.device_enrollment_configurations.item.assignments.assignments_request_builder import (  # noqa: E501
    AssignmentsRequestBuilder,
)
from msgraph_beta.generated.models.all_devices_assignment_target import AllDevicesAssignmentTarget
from msgraph_beta.generated.models.all_licensed_users_assignment_target import AllLicensedUsersAssignmentTarget
from msgraph_beta.generated.models.configuration_manager_collection_assignment_target import (
    ConfigurationManagerCollectionAssignmentTarget,
)
from msgraph_beta.generated.models.device_and_app_management_assignment_target import (
    DeviceAndAppManagementAssignmentTarget,
)
from msgraph_beta.generated.models.enrollment_configuration_assignment import EnrollmentConfigurationAssignment
from msgraph_beta.generated.models.exclusion_group_assignment_target import ExclusionGroupAssignmentTarget
from msgraph_beta.generated.models.group_assignment_target import GroupAssignmentTarget
from msgraph_core import AzureIdentityAuthenticationProvider

GRAPH_SCOPES = ["https://graph.microsoft.com/.default"]

# azure-identity's two ClientSecretCredential classes: the sync one goes
# through MSAL (the authority's OpenID configuration, then its token
# endpoint, over requests); the async one posts to the token endpoint
# itself (over aiohttp).
CREDENTIAL_CLASSES = [azure.identity.ClientSecretCredential, azure.identity.aio.ClientSecretCredential]


def credential_id(cls: Callable[..., object]) -> str:
    """The credential class's public name, for a test id."""
    return f"{cls.__module__.split('._')[0]}.{cls.__name__}"


async def close(credential: object) -> None:
    """Closes a credential of either class."""
    closed = credential.close()  # type: ignore[attr-defined]
    if closed is not None:
        await closed


def credential_options(emulator: Emulator) -> dict[str, object]:
    """The keyword arguments that make an azure-identity credential take its tokens from the emulator."""
    return {"authority": emulator.authority, "disable_instance_discovery": True}


def client(
    emulator: Emulator,
    credential: TokenCredential | AsyncTokenCredential,
    http_client: httpx.AsyncClient | None = None,
) -> GraphServiceClient:
    """The SDK's client for the emulator, with its default middleware over http_client (default: the SDK's own)."""
    auth = AzureIdentityAuthenticationProvider(credential, scopes=GRAPH_SCOPES, allowed_hosts=["127.0.0.1"])
    adapter = GraphRequestAdapter(auth, client=http_client)
    adapter.base_url = emulator.base_url
    return GraphServiceClient(request_adapter=adapter)


def assignments(graph: GraphServiceClient, configuration: str) -> AssignmentsRequestBuilder:
    """The request builder of a configuration's assignments."""
    return graph.device_management.device_enrollment_configurations.by_device_enrollment_configuration_id(
        configuration
    ).assignments


def new_assignment(
    target: DeviceAndAppManagementAssignmentTarget, source_id: str | None = None
) -> EnrollmentConfigurationAssignment:
    return EnrollmentConfigurationAssignment(target=target, source_id=source_id)


async def create(
    graph: GraphServiceClient,
    configuration: str,
    target: DeviceAndAppManagementAssignmentTarget,
    source_id: str | None = None,
) -> EnrollmentConfigurationAssignment:
    """Creates an assignment and returns the SDK's model of the answer."""
    created = await assignments(graph, configuration).post(new_assignment(target, source_id))
    assert created is not None and created.id, f"create answered {created!r}"
    return created


# Each target type, as the SDK models it: its class, its @odata.type as Graph
# answers it, and the name of its key (groupId or collectionId) if it has one.
TARGET_TYPES: list[tuple[type[DeviceAndAppManagementAssignmentTarget], str, str | None]] = [
    (DeviceAndAppManagementAssignmentTarget, "#microsoft.graph.deviceAndAppManagementAssignmentTarget", None),
    (AllDevicesAssignmentTarget, "#microsoft.graph.allDevicesAssignmentTarget", None),
    (AllLicensedUsersAssignmentTarget, "#microsoft.graph.allLicensedUsersAssignmentTarget", None),
    (GroupAssignmentTarget, "#microsoft.graph.groupAssignmentTarget", "group_id"),
    (ExclusionGroupAssignmentTarget, "#microsoft.graph.exclusionGroupAssignmentTarget", "group_id"),
    (ConfigurationManagerCollectionAssignmentTarget, "#microsoft.graph.configurationManagerCollectionAssignmentTarget",
     "collection_id"),
]  # fmt: skip


def target(
    cls: type[DeviceAndAppManagementAssignmentTarget], key: str | None = None
) -> DeviceAndAppManagementAssignmentTarget:
    """A new target of cls, its key set when it has one; the base type's @odata.type, which its constructor leaves unset, set."""
    odata_type, key_name = next((t, k) for c, t, k in TARGET_TYPES if c is cls)
    made = cls(odata_type=odata_type)
    if key_name is not None:
        setattr(made, key_name, key)
    return made


def describe(t: DeviceAndAppManagementAssignmentTarget | None) -> str:
    """A target's exact SDK class, @odata.type and key, to compare: subclasses do not pass for their base."""
    if t is None:
        return "<no target>"
    key = getattr(t, "group_id", None) or getattr(t, "collection_id", None)
    return f"{type(t).__name__}({t.odata_type}, {key})"


def expected(cls: type[DeviceAndAppManagementAssignmentTarget], key: str | None = None) -> str:
    return describe(target(cls, key))
