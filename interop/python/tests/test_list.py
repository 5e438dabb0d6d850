"""Lists through the SDK: paging across @odata.nextLink both ways the SDK offers, $select and $filter."""

from __future__ import annotations

import graph
import pytest
from emulator import Emulator
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.device_management.device_enrollment_configurations.item.assignments.assignments_request_builder import (  # noqa: E501
    AssignmentsRequestBuilder,
)
from msgraph_beta.generated.models.all_devices_assignment_target import AllDevicesAssignmentTarget
from msgraph_beta.generated.models.configuration_manager_collection_assignment_target import (
    ConfigurationManagerCollectionAssignmentTarget,
)
from msgraph_beta.generated.models.enrollment_configuration_assignment_collection_response import (
    EnrollmentConfigurationAssignmentCollectionResponse,
)
from msgraph_beta.generated.models.group_assignment_target import GroupAssignmentTarget
from msgraph_core import PageIterator

pytestmark = pytest.mark.anyio

Query = AssignmentsRequestBuilder.AssignmentsRequestBuilderGetQueryParameters


def query(**parameters: object) -> RequestConfiguration[Query]:
    return RequestConfiguration(query_parameters=Query(**parameters))


async def with_page_iterator(
    client: GraphServiceClient, configuration: str, first: EnrollmentConfigurationAssignmentCollectionResponse
) -> list[str]:
    ids: list[str] = []

    def keep(assignment: object) -> bool:
        ids.append(assignment.id)  # type: ignore[attr-defined]
        return True

    await PageIterator(first, client.request_adapter).iterate(keep)
    return ids


async def with_url(
    client: GraphServiceClient, configuration: str, page: EnrollmentConfigurationAssignmentCollectionResponse
) -> list[str]:
    ids = [a.id for a in page.value or []]
    while page.odata_next_link:
        next_page = await graph.assignments(client, configuration).with_url(page.odata_next_link).get()
        assert next_page is not None
        page = next_page
        ids += [a.id for a in page.value or []]
    return ids


@pytest.mark.parametrize("follow", [with_page_iterator, with_url], ids=["PageIterator", "with_url"])
async def test_paging_with_top(writer: GraphServiceClient, configuration: str, emulator: Emulator, follow) -> None:
    want = [(await graph.create(writer, configuration, AllDevicesAssignmentTarget())).id for _ in range(5)]
    first = await graph.assignments(writer, configuration).get(query(top=2))
    assert first is not None and len(first.value) == 2 and first.odata_next_link, "the first page of $top=2"
    assert first.odata_next_link.startswith(emulator.base_url + "/"), f"an absolute next link: {first.odata_next_link}"
    assert await follow(writer, configuration, first) == want, "every assignment, in creation order"


async def test_select(writer: GraphServiceClient, configuration: str) -> None:
    created = await graph.create(writer, configuration, graph.target(GroupAssignmentTarget, "group-1"), "source-1")
    page = await graph.assignments(writer, configuration).get(query(select=["id", "target"]))
    assert page is not None and [a.id for a in page.value] == [created.id]
    got = page.value[0]
    assert graph.describe(got.target) == graph.expected(GroupAssignmentTarget, "group-1")
    assert got.source_id is None, "$select=id,target leaves sourceId out"


@pytest.mark.parametrize(
    ("filter_", "want"),
    [
        ("isof(target, 'microsoft.graph.groupAssignmentTarget')", ["group-1", "group-2"]),
        ("target/groupId eq 'group-2'", ["group-2"]),
    ],
    ids=["isof", "groupId eq"],
)
async def test_filter(writer: GraphServiceClient, configuration: str, filter_: str, want: list[str]) -> None:
    for target in (
        AllDevicesAssignmentTarget(),
        graph.target(GroupAssignmentTarget, "group-1"),
        graph.target(GroupAssignmentTarget, "group-2"),
        graph.target(ConfigurationManagerCollectionAssignmentTarget, "collection-1"),
    ):
        await graph.create(writer, configuration, target)
    page = await graph.assignments(writer, configuration).get(query(filter=filter_))
    assert page is not None
    assert [graph.describe(a.target) for a in page.value] == [graph.expected(GroupAssignmentTarget, g) for g in want]
