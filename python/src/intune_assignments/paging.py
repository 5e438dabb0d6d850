"""$count as an int, and lists followed through @odata.nextLink."""

from __future__ import annotations

import re
from collections.abc import Iterator

from intune_assignments_client import AuthenticatedClient
from intune_assignments_client.api.enrollment_configuration_assignments import count_assignments as count_call
from intune_assignments_client.api.enrollment_configuration_assignments import list_assignments as list_call
from intune_assignments_client.models import EnrollmentConfigurationAssignmentCollectionResponse
from intune_assignments_client.types import UNSET, Unset

from .errors import GraphError, unwrap

_DIGITS = re.compile(r"[0-9]+")


def parse_count(text: str) -> int:
    """Reads a ``$count`` body strictly: ASCII digits alone, after an optional byte-order mark."""
    text = text.removeprefix("\ufeff")
    if not _DIGITS.fullmatch(text):
        raise ValueError(f"$count body {text[:50]!r} is not a non-negative integer")
    return int(text)


def count_assignments(client: AuthenticatedClient, configuration_id: str, *, filter_: str | Unset = UNSET) -> int:
    """The number of the configuration's assignments (that match ``filter_``)."""
    client = client.with_headers({"Accept": "text/plain, application/json"})
    response = count_call.sync_detailed(configuration_id, client=client, filter_=filter_)
    unwrap(response)
    return parse_count(response.content.decode("utf-8"))


def list_all_assignments(
    client: AuthenticatedClient, configuration_id: str, **query: object
) -> Iterator[EnrollmentConfigurationAssignmentCollectionResponse]:
    """Every page of the configuration's assignments, in order.

    The first page is asked for with ``query`` (the generated call's keyword
    arguments: ``top``, ``filter_``, ...); each next page by its
    ``@odata.nextLink``, unchanged, as Graph requires, until a page has none.
    """
    page = unwrap(list_call.sync_detailed(configuration_id, client=client, **query))
    while True:
        if not isinstance(page, EnrollmentConfigurationAssignmentCollectionResponse):
            raise TypeError(f"a page decoded as {type(page).__name__}")
        yield page
        if isinstance(page.odata_next_link, Unset):
            return
        answer = client.get_httpx_client().get(page.odata_next_link)
        if answer.status_code != 200:
            raise GraphError.from_answer(answer.status_code, answer.content, dict(answer.headers))
        page = EnrollmentConfigurationAssignmentCollectionResponse.from_dict(answer.json())
