"""JSON batches through msgraph-core's BatchRequestContent, sent by its BatchRequestBuilder.

msgraph-core 1.5.2 writes an item's ``url`` as its RequestInformation has it,
and msgraph-beta-sdk 1.66.0's request builders leave the base URL out of
theirs: an item built from a request builder is relative to the version root,
as Graph asks. An item built from a full URL (a urllib Request, a builder's
with_url) keeps it absolute, which Graph fails item by item; and
BatchRequestItem.set_url, meant to make a URL relative, keeps the version
segment, which Graph refuses for the whole batch. ``depends_on`` is written
under that name, which Graph ignores. BatchResponseContent keeps each
answer's status but drops a JSON body (kiota-python#737), so typed answers
are read from the batch's own JSON, each body through Kiota's JSON parse node.
"""

from __future__ import annotations

import json
import urllib.request

import graph
import pytest
from emulator import Emulator
from kiota_abstractions.request_information import RequestInformation
from kiota_abstractions.serialization import Parsable, ParseNodeFactoryRegistry
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.models.all_devices_assignment_target import AllDevicesAssignmentTarget
from msgraph_beta.generated.models.enrollment_configuration_assignment import EnrollmentConfigurationAssignment
from msgraph_beta.generated.models.enrollment_configuration_assignment_collection_response import (
    EnrollmentConfigurationAssignmentCollectionResponse,
)
from msgraph_beta.generated.models.exclusion_group_assignment_target import ExclusionGroupAssignmentTarget
from msgraph_beta.generated.models.group_assignment_target import GroupAssignmentTarget
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError
from msgraph_core.requests.batch_request_builder import BatchRequestBuilder
from msgraph_core.requests.batch_request_content import BatchRequestContent
from msgraph_core.requests.batch_request_item import BatchRequestItem
from msgraph_core.requests.batch_response_content import BatchResponseContent

pytestmark = pytest.mark.anyio

TARGETS = [
    graph.target(GroupAssignmentTarget, "group-1"),
    graph.target(ExclusionGroupAssignmentTarget, "group-2"),
    AllDevicesAssignmentTarget(),
]

# Without an error mapping the SDK raises a bare APIError for a batch Graph
# refuses; Graph's error body is an ODataError, as for any request.
ERRORS = {"XXX": ODataError}


def path(configuration: str) -> str:
    """A configuration's assignments, relative to the version root."""
    return f"/deviceManagement/deviceEnrollmentConfigurations/{configuration}/assignments"


def create_info(client: GraphServiceClient, configuration: str, target: object) -> RequestInformation:
    """The request builder's request that creates an assignment of target."""
    return graph.assignments(client, configuration).to_post_request_information(graph.new_assignment(target))


def content(*items: BatchRequestItem) -> BatchRequestContent:
    batch = BatchRequestContent()
    for item in items:
        batch.add_request(item.id, item)
    return batch


async def send(client: GraphServiceClient, batch: BatchRequestContent) -> BatchResponseContent:
    """The batch sent and read by the SDK's batch API."""
    answer = await BatchRequestBuilder(client.request_adapter, ERRORS).post(batch)
    assert isinstance(answer, BatchResponseContent)
    return answer


async def send_raw(client: GraphServiceClient, batch: BatchRequestContent) -> dict[str, dict]:
    """The batch as the SDK's batch API sends it, and each answer's JSON by id."""
    builder = BatchRequestBuilder(client.request_adapter, ERRORS)
    info = await builder.to_post_request_information(batch)
    answer = await client.request_adapter.send_primitive_async(info, "bytes", ERRORS)
    return {r["id"]: r for r in json.loads(answer)["responses"]}


def typed(body: dict, cls: type[Parsable]) -> Parsable:
    """An answer's JSON body as the SDK's model cls."""
    node = ParseNodeFactoryRegistry().get_root_parse_node("application/json", json.dumps(body).encode())
    return node.get_object_value(cls)


def written(client: GraphServiceClient, batch: BatchRequestContent) -> dict:
    """The batch's JSON as the SDK sends it."""
    writer = client.request_adapter.get_serialization_writer_factory().get_serialization_writer("application/json")
    batch.serialize(writer)
    return json.loads(writer.get_serialized_content())


async def listed(client: GraphServiceClient, configuration: str) -> list[str]:
    page = await graph.assignments(client, configuration).get()
    assert page is not None
    return [a.id for a in page.value]


async def test_builder_items_create(writer: GraphServiceClient, configuration: str) -> None:
    items = [BatchRequestItem(create_info(writer, configuration, t), id=str(i)) for i, t in enumerate(TARGETS)]
    assert [item.url for item in items] == [path(configuration)] * len(TARGETS), "what the SDK writes"

    answers = await send(writer, content(*items))
    assert answers.get_response_status_codes() == {item.id: 201 for item in items}
    for item in items:
        assert answers.get_response_by_id(item.id).body is None, "BatchResponseContent kept a JSON body"
        with pytest.raises(ValueError, match="Unable to deserialize batch response"):
            answers.response_body(item.id, EnrollmentConfigurationAssignment)
    page = await graph.assignments(writer, configuration).get()
    assert page is not None
    assert sorted(graph.describe(a.target) for a in page.value) == sorted(graph.describe(t) for t in TARGETS)


async def test_typed_answers_from_the_batch_json(writer: GraphServiceClient, configuration: str) -> None:
    items = [BatchRequestItem(create_info(writer, configuration, t), id=str(i)) for i, t in enumerate(TARGETS)]
    answers = await send_raw(writer, content(*items))
    assert {i: a["status"] for i, a in answers.items()} == {item.id: 201 for item in items}
    created = [typed(answers[item.id]["body"], EnrollmentConfigurationAssignment) for item in items]
    assert [graph.describe(c.target) for c in created] == [graph.describe(t) for t in TARGETS]

    read = BatchRequestItem(graph.assignments(writer, configuration).to_get_request_information(), id="list")
    answers = await send_raw(writer, content(read))
    assert answers["list"]["status"] == 200
    page = typed(answers["list"]["body"], EnrollmentConfigurationAssignmentCollectionResponse)
    assert sorted(a.id for a in page.value) == sorted(c.id for c in created)


async def test_depends_on_is_ignored(writer: GraphServiceClient, configuration: str) -> None:
    # The first request fails; with Graph's dependsOn the second would
    # answer 424 and not run.
    first = BatchRequestItem(create_info(writer, "unknown-configuration", TARGETS[0]), id="1")
    second = BatchRequestItem(create_info(writer, configuration, TARGETS[1]), id="2", depends_on=[first])
    batch = content(first, second)
    sent = written(writer, batch)["requests"]
    assert [(r["id"], r.get("depends_on"), r.get("dependsOn")) for r in sent] == [("1", [], None), ("2", ["1"], None)]

    answers = await send(writer, batch)
    assert answers.get_response_status_codes() == {"1": 404, "2": 201}
    assert len(await listed(writer, configuration)) == 1


async def test_absolute_urls_fail_each_item(emulator: Emulator, writer: GraphServiceClient, configuration: str) -> None:
    url = emulator.base_url + path(configuration)
    body = graph.new_assignment(AllDevicesAssignmentTarget())
    from_builder = BatchRequestItem(
        graph.assignments(writer, configuration).with_url(url).to_post_request_information(body), id="with_url"
    )
    from_urllib = urllib.request.Request(
        url,
        data=json.dumps({"target": {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    # BatchRequestContent.add_urllib_request gives the item an id of its
    # own whatever the id passed; the item's own constructor keeps it.
    batch = content(from_builder, BatchRequestItem.create_with_urllib_request(from_urllib, id="urllib"))
    assert [r["url"] for r in written(writer, batch)["requests"]] == [url, url], "what the SDK writes"

    answers = await send_raw(writer, batch)
    assert {i: a["status"] for i, a in answers.items()} == {"with_url": 400, "urllib": 400}
    for item, answer in answers.items():
        error = typed(answer["body"], ODataError).error
        assert (error.code, error.message) == ("BadRequest", "Resource not found for the segment 'https:'."), item
    assert await listed(writer, configuration) == []


async def test_set_url_keeps_the_version(emulator: Emulator, writer: GraphServiceClient, configuration: str) -> None:
    item = BatchRequestItem(create_info(writer, configuration, TARGETS[0]), id="1")
    item.set_url(emulator.base_url + path(configuration))
    assert item.url == "/beta" + path(configuration), "what the SDK writes"

    with pytest.raises(ODataError) as raised:
        await send(writer, content(item))
    got = (raised.value.response_status_code, raised.value.error.code, raised.value.error.message)
    assert got == (400, "BadRequest", "Invalid batch payload format.")
    assert await listed(writer, configuration) == []
