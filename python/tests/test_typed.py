"""The generated client reads everything typed: each target as its own
subtype in both spellings of its @odata.type, Graph errors as GraphError
with their code and message, $count as an int, and every page of a list."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import VECTORS
from emulator import Emulator
from intune_assignments_client import AuthenticatedClient
from intune_assignments_client.api.enrollment_configuration_assignments import (
    assign,
    create_assignment,
    get_assignment,
    list_assignments,
)
from intune_assignments_client.models import (
    AllDevicesAssignmentTarget,
    AllLicensedUsersAssignmentTarget,
    AssignRequest,
    ConfigurationManagerCollectionAssignmentTarget,
    DeviceAndAppManagementAssignmentTarget,
    EnrollmentConfigurationAssignment,
    ExclusionGroupAssignmentTarget,
    GroupAssignmentTarget,
    NewEnrollmentConfigurationAssignment,
    OdataError,
)

from intune_assignments import GraphError, count_assignments, list_all_assignments, unwrap

# The example configuration the vectors work on: the one every case empties first.
CONFIG = VECTORS["cases"][0]["setup"][0]["pathParams"]["deviceEnrollmentConfigurationId"]

# Each target type with what it requires besides its @odata.type.
TARGETS: dict[type, dict[str, str]] = {
    DeviceAndAppManagementAssignmentTarget: {},
    AllDevicesAssignmentTarget: {},
    AllLicensedUsersAssignmentTarget: {},
    GroupAssignmentTarget: {"groupId": "0b7e2f4a-9c1d-4e3b-8a6f-5d2c1b0a9e8f"},
    ExclusionGroupAssignmentTarget: {"groupId": "6d5c4b3a-2f1e-4d0c-9b8a-7e6f5d4c3b2a"},
    ConfigurationManagerCollectionAssignmentTarget: {"collectionId": "SMS00001"},
}


def odata_type(kind: type, hashed: bool) -> str:
    name = kind.__name__
    return ("#" if hashed else "") + "microsoft.graph." + name[0].lower() + name[1:]


def error_code(status: int) -> str:
    """The Graph error code the spec's examples give for status."""
    codes = {c["expect"]["body"]["error"]["code"] for c in VECTORS["cases"] if c["expect"]["status"] == status}
    assert len(codes) == 1, codes
    return codes.pop()


@pytest.fixture
def client(emulator: Emulator) -> Iterator[AuthenticatedClient]:
    """A client that may write, on the example configuration emptied first."""
    scopes = VECTORS["tokens"]["write"]
    with AuthenticatedClient(base_url=emulator.base_url, token=emulator.token(scopes)) as c:
        unwrap(assign.sync_detailed(CONFIG, client=c, body=AssignRequest(enrollment_configuration_assignments=[])))
        yield c


def create(client: AuthenticatedClient, target: dict[str, Any], **more: Any) -> EnrollmentConfigurationAssignment:
    body = NewEnrollmentConfigurationAssignment.from_dict({"target": target, **more})
    created = unwrap(create_assignment.sync_detailed(CONFIG, client=client, body=body))
    assert isinstance(created, EnrollmentConfigurationAssignment)
    return created


@pytest.mark.parametrize("hashed", [True, False], ids=["with #", "bare"])
@pytest.mark.parametrize("kind", list(TARGETS), ids=[k.__name__ for k in TARGETS])
def test_each_target_decodes_as_its_own_type(kind: type, hashed: bool) -> None:
    raw = {"@odata.type": odata_type(kind, hashed), **TARGETS[kind]}
    assignment = EnrollmentConfigurationAssignment.from_dict({"id": "a", "target": raw})
    assert type(assignment.target) is kind
    assert assignment.to_dict()["target"] == raw


@pytest.mark.parametrize("hashed", [True, False], ids=["with #", "bare"])
@pytest.mark.parametrize("kind", list(TARGETS), ids=[k.__name__ for k in TARGETS])
def test_each_target_sent_reads_back_as_its_own_type(client: AuthenticatedClient, kind: type, hashed: bool) -> None:
    target = {"@odata.type": odata_type(kind, hashed), **TARGETS[kind]}
    created = create(client, target)
    read = unwrap(get_assignment.sync_detailed(CONFIG, created.id, client=client))
    page = unwrap(list_assignments.sync_detailed(CONFIG, client=client))
    for got in (created.target, read.target, page.value[0].target):
        # Its own generated class: not the base type, not a dict.
        assert type(got) is kind
        # Answers write the canonical spelling, whichever the request used.
        assert got.odata_type.value == odata_type(kind, True)
        assert got.to_dict() == {**target, "@odata.type": odata_type(kind, True)}


def test_an_unknown_target_type_is_refused_when_read() -> None:
    with pytest.raises((ValueError, KeyError, TypeError)):
        EnrollmentConfigurationAssignment.from_dict(
            {"target": {"@odata.type": "#microsoft.graph.userAssignmentTarget"}}
        )


def test_errors_are_typed(client: AuthenticatedClient, emulator: Emulator) -> None:
    # 404: an unknown configuration.
    with pytest.raises(GraphError) as not_found:
        unwrap(list_assignments.sync_detailed("00000000-0000-4000-8000-000000000000_Unknown", client=client))
    # 400: $top out of range, sent through the typed call.
    with pytest.raises(GraphError) as bad_request:
        unwrap(list_assignments.sync_detailed(CONFIG, client=client, top=0))
    # 403: a token without the permission.
    narrow = AuthenticatedClient(base_url=emulator.base_url, token=emulator.token(VECTORS["tokens"]["narrow"]))
    with pytest.raises(GraphError) as forbidden:
        create(narrow, {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"})
    for raised, status in ((not_found, 404), (bad_request, 400), (forbidden, 403)):
        err = raised.value
        assert err.status == status
        assert isinstance(err.error, OdataError)
        assert err.code == err.error.error.code == error_code(status)
        assert isinstance(err.message, str) and err.message
        assert err.request_id
    # Nothing was created by the refused request.
    assert count_assignments(client, CONFIG) == 0


def test_count_is_an_int(client: AuthenticatedClient) -> None:
    assert count_assignments(client, CONFIG) == 0
    for kind in (GroupAssignmentTarget, ExclusionGroupAssignmentTarget, AllDevicesAssignmentTarget):
        create(client, {"@odata.type": odata_type(kind, True), **TARGETS[kind]})
    total = count_assignments(client, CONFIG)
    groups = count_assignments(client, CONFIG, filter_="isof(target, 'microsoft.graph.groupAssignmentTarget')")
    assert type(total) is int and total == 3
    assert type(groups) is int and groups == 2
    with pytest.raises(GraphError) as bad:
        count_assignments(client, CONFIG, filter_="target/groupId eq")
    assert bad.value.status == 400


def test_paging_follows_next_link_to_the_end(client: AuthenticatedClient) -> None:
    ids = [str(uuid.UUID(int=i + 1)) for i in range(5)]
    for id_ in ids:
        create(client, {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}, id=id_)
    sent: list[httpx.URL] = []
    client.get_httpx_client().event_hooks["request"].append(lambda request: sent.append(request.url))
    pages = list(list_all_assignments(client, CONFIG, top=2))
    assert [len(p.value) for p in pages] == [2, 2, 1]
    assert [a.id for p in pages for a in p.value] == ids
    # Each next page was asked for at its link, unchanged.
    assert [str(u) for u in sent[1:]] == [p.odata_next_link for p in pages[:-1]]
    assert all(isinstance(a, EnrollmentConfigurationAssignment) for p in pages for a in p.value)
