"""The contract suite's server cases, gen/vectors.gen.json, run through the generated client.

A step the spec allows goes through the generated call of its operation: its
body is built as the generated request model (which must encode back to the
step's body), and the answer is decoded into the generated model of its
status. A step that breaks the spec on purpose is sent as it is; its error
answer is decoded into the generated OdataError. Each answer must equal the
expected body under the case's mayDiffer rules, both as it came and as the
generated model encodes it again: nothing may be lost or added on the way.
"""

from __future__ import annotations

import inspect
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from intune_assignments_client import AuthenticatedClient
from intune_assignments_client.api.batching import batch
from intune_assignments_client.api.enrollment_configuration_assignments import (
    assign,
    assign_qualified,
    count_assignments,
    create_assignment,
    delete_assignment,
    get_assignment,
    list_assignments,
    update_assignment,
)
from intune_assignments_client.models import (
    AssignRequest,
    BatchRequestContent,
    BatchResponseContent,
    EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentCollectionResponse,
    EnrollmentConfigurationAssignmentUpdate,
    NewEnrollmentConfigurationAssignment,
)

from intune_assignments import GraphError, unwrap
from intune_assignments.paging import parse_count

VECTORS_FILE = Path(__file__).resolve().parents[2] / "gen" / "vectors.gen.json"


def load() -> dict[str, Any]:
    return json.loads(VECTORS_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Operation:
    """The generated call of an operationId, its request model and its success model."""

    call: Any
    body: type | None
    answer: type | None


OPERATIONS = {
    "listAssignments": Operation(list_assignments, None, EnrollmentConfigurationAssignmentCollectionResponse),
    "countAssignments": Operation(count_assignments, None, int),
    "createAssignment": Operation(
        create_assignment, NewEnrollmentConfigurationAssignment, EnrollmentConfigurationAssignment
    ),
    "getAssignment": Operation(get_assignment, None, EnrollmentConfigurationAssignment),
    "updateAssignment": Operation(
        update_assignment, EnrollmentConfigurationAssignmentUpdate, EnrollmentConfigurationAssignment
    ),
    "deleteAssignment": Operation(delete_assignment, None, None),
    "assign": Operation(assign, AssignRequest, None),
    "assignQualified": Operation(assign_qualified, AssignRequest, None),
    "batch": Operation(batch, BatchRequestContent, BatchResponseContent),
}


class StepFailed(AssertionError):
    pass


@dataclass
class Answer:
    status: int
    headers: httpx.Headers | dict[str, str]
    body: Any  # the JSON as it came, the text of a $count, or None
    typed: Any  # the generated model's encoding of it again, the $count as an int, or None


def keyword(name: str) -> str:
    """A parameter's name as the generated code spells it: camelCase to snake_case, '$' dropped."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.lstrip("$")).lower()


class Runner:
    """Runs steps against one emulator with a client per kind of token."""

    def __init__(self, base_url: str, tokens: dict[str, str], spec_root: str) -> None:
        self.base_url = base_url
        self.spec_root = spec_root
        # Every step gets a client of its own (with_headers), all of them on
        # one transport: one pool of connections, one TLS set-up.
        self.transport = httpx.HTTPTransport()
        self.clients = {
            kind: AuthenticatedClient(base_url=base_url, token=token, httpx_args={"transport": self.transport})
            for kind, token in tokens.items()
        }
        self.tokens = tokens
        self.raw_client = httpx.Client(base_url=base_url, transport=self.transport)

    def close(self) -> None:
        self.transport.close()

    def run(self, case: dict[str, Any]) -> None:
        """Runs a case's steps in order; the first that fails raises StepFailed."""
        steps = [*case["setup"], case, *case.get("then", [])]
        for i, step in enumerate(steps):
            where = "the request" if step is case else f"step {i + 1} ({step['operationId']})"
            try:
                answer = self.typed(step) if step["valid"] else self.raw(step)
                problems = check(step["expect"], answer, self.base_url, self.spec_root)
            except (StepFailed, GraphError, ValueError, TypeError, KeyError, httpx.HTTPError) as exc:
                problems = [f"{type(exc).__name__}: {exc}"]
            if problems:
                raise StepFailed(f"{where}: " + "\n".join(problems))

    def typed(self, step: dict[str, Any]) -> Answer:
        op = OPERATIONS[step["operationId"]]
        parameters = inspect.signature(op.call.sync_detailed).parameters
        kwargs: dict[str, Any] = {}
        for name, value in {**step["pathParams"], **step.get("query", {})}.items():
            # filter becomes filter_: the generated code avoids Python's names.
            key = next((p for p in parameters if p.rstrip("_") == keyword(name)), None)
            if key is None:
                raise StepFailed(f"{step['operationId']} has no parameter {name}")
            kwargs[key] = value
        if op.body is not None:
            body = op.body.from_dict(step["body"])
            if body.to_dict() != step["body"]:
                raise StepFailed(
                    f"the request body changed through {op.body.__name__}: {body.to_dict()} != {step['body']}"
                )
            kwargs["body"] = body
        headers = dict(step.get("headers", {}))
        if step["operationId"] == "countAssignments":
            headers["Accept"] = "text/plain, application/json"
        client = self.clients[step["token"]].with_headers(headers)
        response = op.call.sync_detailed(client=client, **kwargs)
        status = int(response.status_code)
        body = json_or_text(response.content, response.headers)
        try:
            parsed = unwrap(response)
        except GraphError as err:
            return Answer(status, response.headers, body, err.error.to_dict())
        if op.answer is int:
            return Answer(status, response.headers, body, parse_count(response.content.decode("utf-8")))
        if op.answer is None:
            if parsed is not None or response.content:
                raise StepFailed(f"status {status}: a body where none is documented: {response.content[:200]!r}")
            return Answer(status, response.headers, None, None)
        if not isinstance(parsed, op.answer):
            raise StepFailed(f"status {status} decoded as {type(parsed).__name__}, not {op.answer.__name__}")
        return Answer(status, response.headers, body, parsed.to_dict())

    def raw(self, step: dict[str, Any]) -> Answer:
        path = re.sub(r"\{([^}]+)\}", lambda m: quote(step["pathParams"][m.group(1)], safe=""), step["path"])
        headers = dict(step.get("headers", {}))
        if step["token"] in self.tokens:
            headers["Authorization"] = f"Bearer {self.tokens[step['token']]}"
        content = None
        if "body" in step:
            headers["Content-Type"] = step.get("contentType", "application/json")
            content = json.dumps(step["body"]).encode()
        query = {k: json.dumps(v) if isinstance(v, bool) else str(v) for k, v in step.get("query", {}).items()}
        response = self.raw_client.request(step["method"], path, params=query, headers=headers, content=content)
        body = json_or_text(response.content, response.headers)
        typed = None
        if response.status_code >= 400:
            typed = GraphError.from_answer(response.status_code, response.content).error.to_dict()
        return Answer(response.status_code, response.headers, body, typed)


def json_or_text(content: bytes, headers: Any) -> Any:
    if not content:
        return None
    if headers.get("content-type", "").startswith("application/json"):
        return json.loads(content)
    return content.decode("utf-8")


# ---- The comparison: contract/vectorrun.go's Expect.Check. ----

GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def check(expect: dict[str, Any], answer: Answer, root: str, spec_root: str) -> list[str]:
    """What is wrong with an answer under expect: the status, the headers, and
    the body as it came and as the generated model encodes it."""
    if answer.status != expect["status"]:
        return [f"status {answer.status}, want {expect['status']}; body: {answer.body!r}"]
    problems = [
        f"the {answer.status} answer lacks its documented {h} header"
        for h in expect.get("headers", [])
        if not answer.headers.get(h)
    ]
    media = expect.get("mediaType")
    if media == "text/plain":
        if str(answer.body).strip() != str(expect["body"]):
            problems.append(f"body {answer.body!r}, want {expect['body']!r}")
        if type(answer.typed) is not int or answer.typed != expect["body"]:
            problems.append(f"$count read as {answer.typed!r}, want the int {expect['body']}")
    elif media == "application/json":
        for name, got in (("the body", answer.body), ("the body encoded again by the generated model", answer.typed)):
            problems += [f"{name}: {p}" for p in compare(expect, got, answer.headers, root, spec_root)]
    return problems


def compare(expect: dict[str, Any], got: Any, headers: Any, root: str, spec_root: str) -> list[str]:
    got, want = json.loads(json.dumps(got)), json.loads(json.dumps(expect.get("body")))
    problems = []
    for rule in expect.get("mayDiffer", []):
        if rule["rule"] == "anyOrder":
            # The rules after it point into the sorted arrays.
            if (problem := sort_items(got, rule)) is not None:
                problems.append(f"{rule['pointer']}: {problem}")
            if (problem := sort_items(want, rule)) is not None:
                raise StepFailed(f"the expected body at {rule['pointer']}: {problem}")
            continue
        has, value = lookup(got, rule["pointer"])
        _, expected = lookup(want, rule["pointer"])
        if (problem := check_rule(rule, has, value, expected, headers, root, spec_root)) is not None:
            problems.append(f"{rule['pointer']}: {problem}")
        remove(got, rule["pointer"])
        remove(want, rule["pointer"])
    if got != want:
        got_text, want_text = json.dumps(got, sort_keys=True), json.dumps(want, sort_keys=True)
        problems.append(f"differs from the expected body:\n  got  {got_text}\n  want {want_text}")
    return problems


def check_rule(
    rule: dict[str, Any], has: bool, value: Any, want: Any, headers: Any, root: str, spec_root: str
) -> str | None:
    """What is wrong with the answer's value at a rule's pointer (has: it is there), or None."""
    kind = rule["rule"]
    if kind == "any" or (not has and kind in ("default", "metadataUrl")):
        return None
    if not has:
        return "missing"
    text = value if isinstance(value, str) else None
    if kind == "guid":
        ok = text is not None and GUID.fullmatch(text) is not None
        return None if ok else f"{value!r} is not a GUID"
    if kind == "rootUrl":
        url = str(want).replace(spec_root, root, 1)
        return None if text == url else f"{value!r}, want {url}"
    if kind == "metadataUrl":
        ok = text is not None and text.startswith(f"{root}/$metadata#")
        return None if ok else f"{value!r} is not a metadata URL on {root}"
    if kind == "requestId":
        rid = headers.get("request-id")
        return None if text and text == rid else f"{value!r}, want the request-id header {rid!r}"
    if kind == "dateTime":
        return None if text is not None and is_date_time(text) else f"{value!r} is not an RFC 3339 date-time"
    if kind == "nonEmpty":
        return None if text else f"{value!r} is not a non-empty string"
    if kind == "default":
        return None if value == rule["value"] else f"{value!r}, want {rule['value']!r} or nothing"
    return f"unknown rule {kind!r}"


def sort_items(value: Any, rule: dict[str, Any]) -> str | None:
    """Sorts the array at an anyOrder rule's pointer by its items' member named by the rule's value, in place."""
    has, items = lookup(value, rule["pointer"])
    if not has or not isinstance(items, list):
        return f"{items!r} is not an array"
    member = rule["value"]
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get(member), str):
            return f"an item without a string {member!r}: {item!r}"
    items.sort(key=lambda item: item[member])
    return None


def is_date_time(text: str) -> bool:
    if not DATE_TIME.fullmatch(text):
        return False
    try:
        datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return False
    return True


def tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def lookup(value: Any, pointer: str) -> tuple[bool, Any]:
    for token in tokens(pointer):
        if isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        elif isinstance(value, dict) and token in value:
            value = value[token]
        else:
            return False, None
    return True, value


def remove(value: Any, pointer: str) -> None:
    path = tokens(pointer)
    for token in path[:-1]:
        has, value = lookup(value, "/" + token.replace("~", "~0").replace("/", "~1"))
        if not has:
            return
    if path and isinstance(value, dict):
        value.pop(path[-1], None)
