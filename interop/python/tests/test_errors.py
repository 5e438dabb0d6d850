"""Graph's errors through the SDK: each an ODataError with Graph's status and code, which automation branches on."""

from __future__ import annotations

import graph
import pytest
from msgraph_beta import GraphServiceClient
from msgraph_beta.generated.models.all_devices_assignment_target import AllDevicesAssignmentTarget
from msgraph_beta.generated.models.o_data_errors.o_data_error import ODataError

pytestmark = pytest.mark.anyio

UNKNOWN_ASSIGNMENT = "00000000-0000-0000-0000-000000000000"


async def test_unknown_assignment_is_404(writer: GraphServiceClient, configuration: str) -> None:
    item = graph.assignments(writer, configuration).by_enrollment_configuration_assignment_id(UNKNOWN_ASSIGNMENT)
    with pytest.raises(ODataError) as raised:
        await item.get()
    assert (raised.value.response_status_code, raised.value.error.code) == (404, "ResourceNotFound")


async def test_unknown_configuration_is_404(writer: GraphServiceClient) -> None:
    with pytest.raises(ODataError) as raised:
        await graph.assignments(writer, "unknown-configuration").get()
    assert (raised.value.response_status_code, raised.value.error.code) == (404, "ResourceNotFound")


async def test_reader_app_cannot_create(reader: GraphServiceClient, configuration: str) -> None:
    # The reader's token is good (it lists) but lacks the write permission.
    page = await graph.assignments(reader, configuration).get()
    assert page is not None and page.value == []
    with pytest.raises(ODataError) as raised:
        await graph.create(reader, configuration, AllDevicesAssignmentTarget())
    assert (raised.value.response_status_code, raised.value.error.code) == (403, "Forbidden")
