"""Writes through the SDK: patch, delete and the assign action."""

from __future__ import annotations

import graph
import pytest
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.device_management.device_enrollment_configurations.item.assign.assign_post_request_body import (  # noqa: E501
    AssignPostRequestBody,
)
from msgraph_beta.generated.models.all_devices_assignment_target import AllDevicesAssignmentTarget
from msgraph_beta.generated.models.all_licensed_users_assignment_target import AllLicensedUsersAssignmentTarget
from msgraph_beta.generated.models.configuration_manager_collection_assignment_target import (
    ConfigurationManagerCollectionAssignmentTarget,
)
from msgraph_beta.generated.models.enrollment_configuration_assignment import EnrollmentConfigurationAssignment
from msgraph_beta.generated.models.exclusion_group_assignment_target import ExclusionGroupAssignmentTarget
from msgraph_beta.generated.models.group_assignment_target import GroupAssignmentTarget
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("patch", "want_target", "want_source"),
    [
        (
            EnrollmentConfigurationAssignment(target=graph.target(ExclusionGroupAssignmentTarget, "group-2")),
            graph.expected(ExclusionGroupAssignmentTarget, "group-2"),
            "source-1",
        ),
        (
            EnrollmentConfigurationAssignment(source_id="source-2"),
            graph.expected(GroupAssignmentTarget, "group-1"),
            "source-2",
        ),
        (
            EnrollmentConfigurationAssignment(
                target=graph.target(ConfigurationManagerCollectionAssignmentTarget, "collection-3"),
                source_id="source-3",
            ),
            graph.expected(ConfigurationManagerCollectionAssignmentTarget, "collection-3"),
            "source-3",
        ),
    ],
    ids=["target", "sourceId", "target and sourceId"],
)
async def test_patch(
    writer: GraphServiceClient,
    configuration: str,
    patch: EnrollmentConfigurationAssignment,
    want_target: str,
    want_source: str,
) -> None:
    created = await graph.create(writer, configuration, graph.target(GroupAssignmentTarget, "group-1"), "source-1")
    item = graph.assignments(writer, configuration).by_enrollment_configuration_assignment_id(created.id)
    answer = await item.patch(patch)
    got = await item.get()
    for what, a in (("the patch's answer", answer), ("a get after the patch", got)):
        assert a is not None, what
        assert (graph.describe(a.target), a.source_id) == (want_target, want_source), what


async def test_delete(writer: GraphServiceClient, configuration: str) -> None:
    created = await graph.create(writer, configuration, AllDevicesAssignmentTarget())
    item = graph.assignments(writer, configuration).by_enrollment_configuration_assignment_id(created.id)
    await item.delete()
    with pytest.raises(ODataError) as raised:
        await item.get()
    assert (raised.value.response_status_code, raised.value.error.code) == (404, "ResourceNotFound")


async def test_assign_replaces_the_set(writer: GraphServiceClient, configuration: str) -> None:
    old = {
        (await graph.create(writer, configuration, AllDevicesAssignmentTarget())).id,
        (await graph.create(writer, configuration, graph.target(GroupAssignmentTarget, "group-old"))).id,
    }
    body = AssignPostRequestBody(
        enrollment_configuration_assignments=[
            graph.new_assignment(graph.target(ExclusionGroupAssignmentTarget, "group-new")),
            graph.new_assignment(AllLicensedUsersAssignmentTarget()),
        ]
    )
    builder = writer.device_management.device_enrollment_configurations.by_device_enrollment_configuration_id(
        configuration
    )
    await builder.assign.post(body)

    page = await graph.assignments(writer, configuration).get()
    assert page is not None
    assert not old & {a.id for a in page.value}, "assignments from before the assign are still listed"
    assert sorted(graph.describe(a.target) for a in page.value) == sorted(
        [graph.expected(ExclusionGroupAssignmentTarget, "group-new"), graph.expected(AllLicensedUsersAssignmentTarget)]
    )
