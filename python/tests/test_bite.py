"""The contract run must fail against the emulator broken on purpose (contract/brokenemulator).

Each break changes what some cases expect, and only those: exactly those
cases must fail, each for the reason the break gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from conftest import VECTORS, tokens
from emulator import Emulator
from vectors import Runner, StepFailed


def expects_odata_type(case: dict) -> bool:
    steps = [*case["setup"], case, *case.get("then", [])]
    return any('"@odata.type"' in json.dumps(step["expect"].get("body")) for step in steps)


def expects_target(case: dict) -> bool:
    body = case["expect"].get("body")
    return isinstance(body, dict) and "target" in body


BREAKS: dict[str, tuple[Callable[[dict], bool], str]] = {
    "bare-type": (expects_odata_type, "#microsoft.graph."),
    "drop-target": (expects_target, '"target"'),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_the_run_fails_against_the_broken_emulator(name: str) -> None:
    affected, reason = BREAKS[name]
    broken = Emulator.start(VECTORS["emulatorArgs"], broken=name)
    run = Runner(broken.base_url, tokens(broken), VECTORS["specRoot"])
    failed: dict[str, str] = {}
    try:
        for case in VECTORS["cases"]:
            try:
                run.run(case)
            except StepFailed as exc:
                failed[case["name"]] = str(exc)
    finally:
        run.close()
        broken.stop()
    want = [c["name"] for c in VECTORS["cases"] if affected(c)]
    assert want, f"no case expects what {name} changes"
    assert list(failed) == want
    for case, message in failed.items():
        assert reason in message, f"{case} failed for another reason: {message}"
