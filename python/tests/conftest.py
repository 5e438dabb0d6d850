"""The emulator the tests run against, and the run's closing line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import vectors
from emulator import Emulator

VECTORS = vectors.load()


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    handed = Emulator.handed()
    if handed is not None:
        yield handed
        return
    started = Emulator.start(VECTORS["emulatorArgs"])
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="session")
def runner(emulator: Emulator) -> Iterator[vectors.Runner]:
    run = vectors.Runner(emulator.base_url, tokens(emulator), VECTORS["specRoot"])
    yield run
    run.close()


def tokens(emulator: Emulator) -> dict[str, str]:
    """A token of each kind the vectors name."""
    return {kind: emulator.token(scopes) for kind, scopes in VECTORS["tokens"].items()}


# The closing line, `N passed, N failed`, after pytest's own summary: a test
# counts as failed when any of its phases failed.
_outcomes: dict[str, str] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        _outcomes[report.nodeid] = "failed"
    elif report.when == "call" and report.passed:
        _outcomes.setdefault(report.nodeid, "passed")


def pytest_unconfigure(config: Any) -> None:
    if config.option.collectonly:
        return
    passed = sum(1 for o in _outcomes.values() if o == "passed")
    failed = sum(1 for o in _outcomes.values() if o == "failed")
    print(f"{passed} passed, {failed} failed", flush=True)
