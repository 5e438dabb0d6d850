"""Each target type created through the SDK and read back into the SDK's own class for it."""

from __future__ import annotations

import graph
import pytest
from msgraph_beta import GraphServiceClient

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("cls", [cls for cls, _, _ in graph.TARGET_TYPES], ids=lambda cls: cls.__name__)
async def test_create_and_get_each_target(writer: GraphServiceClient, configuration: str, cls: type) -> None:
    key = f"key-{cls.__name__}"
    want = graph.expected(cls, key)
    created = await graph.create(writer, configuration, graph.target(cls, key))
    assert graph.describe(created.target) == want, "the create's answer"
    assert created.odata_type == "#microsoft.graph.enrollmentConfigurationAssignment"

    got = await graph.assignments(writer, configuration).by_enrollment_configuration_assignment_id(created.id).get()
    assert got is not None and got.id == created.id
    assert graph.describe(got.target) == want, "the get's answer"
