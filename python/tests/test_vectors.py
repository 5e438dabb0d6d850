"""Every case of gen/vectors.gen.json, in order, on one emulator (see vectors.py)."""

from __future__ import annotations

import pytest
from conftest import VECTORS
from vectors import OPERATIONS, Runner, compare


def test_every_operation_of_the_cases_has_a_generated_call() -> None:
    used = {step["operationId"] for case in VECTORS["cases"] for step in [*case["setup"], case, *case.get("then", [])]}
    assert used == set(OPERATIONS)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_case(runner: Runner, case: dict) -> None:
    runner.run(case)


BATCH = {"responses": [{"id": "1", "status": 201, "body": {"id": "x"}}, {"id": "2", "status": 204}]}
BATCH_EXPECT = {
    "status": 200,
    "mediaType": "application/json",
    "body": BATCH,
    "mayDiffer": [
        {"pointer": "/responses", "rule": "anyOrder", "value": "id"},
        {"pointer": "/responses/0/body/id", "rule": "guid"},
    ],
}
CREATED = {"id": "1", "status": 201, "body": {"id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"}}


@pytest.mark.parametrize("answers", [[CREATED, {"id": "2", "status": 204}], [{"id": "2", "status": 204}, CREATED]])
def test_any_order_lets_the_answers_come_in_any_order(answers: list) -> None:
    assert (
        compare(BATCH_EXPECT, {"responses": answers}, {}, "http://127.0.0.1/beta", "https://graph.microsoft.com/beta")
        == []
    )


@pytest.mark.parametrize(
    "got",
    [
        {"responses": [{"id": "2", "status": 204}]},
        {"responses": [{"id": "2", "status": 204}, {**CREATED, "body": {"id": "x"}}]},
        {"responses": [{"id": "2", "status": 200}, CREATED]},
        {"responses": [{"id": 2, "status": 204}, CREATED]},
        {"responses": {}},
    ],
)
def test_any_order_refuses_what_else_differs(got: dict) -> None:
    assert compare(BATCH_EXPECT, got, {}, "http://127.0.0.1/beta", "https://graph.microsoft.com/beta") != []
