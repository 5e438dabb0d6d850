"""Every case of gen/vectors.gen.json, in order, on one emulator (see vectors.py)."""

from __future__ import annotations

import pytest
from conftest import VECTORS
from vectors import OPERATIONS, Runner


def test_every_operation_of_the_cases_has_a_generated_call() -> None:
    used = {step["operationId"] for case in VECTORS["cases"] for step in [*case["setup"], case, *case.get("then", [])]}
    assert used == set(OPERATIONS)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_case(runner: Runner, case: dict) -> None:
    runner.run(case)
