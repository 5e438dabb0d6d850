"""Starts cmd/intune-emulator over HTTPS as both Graph and the Entra ID authority of the tests.

The binary comes from INTUNE_EMULATOR_BIN (`make interop-python` builds it
into bin/), else ``go build`` builds it into the run's directory. The
emulator serves HTTPS and its proxy (no plain HTTP), with a development CA
of its own in the run's directory, the registered apps of the run (a writer
and a reader, with fresh secrets, in a tenant of their own), configurations
of the run, and the X-Emulator-Fault header honoured. Its log goes to
INTUNE_INTEROP_LOG, when set.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

# One configuration for each test that writes, so that no test sees
# another's assignments and a list can be checked for exactly what its test
# created.
CONFIGURATIONS = 64

# The application permissions of the spec's two scopes.
READ_WRITE = "DeviceManagementServiceConfig.ReadWrite.All"
READ_ONLY = "DeviceManagementServiceConfig.Read.All"


@dataclass(frozen=True)
class App:
    """A registered app as its automation knows it."""

    client_id: str
    secret: str


@dataclass
class Emulator:
    """A running emulator: its addresses, its CA, its apps and configurations."""

    authority: str  # https://127.0.0.1:PORT, the authority host
    base_url: str  # the Graph base URL, https://127.0.0.1:PORT/beta
    proxy: str  # the proxy for graph.microsoft.com and login.microsoftonline.com, http://127.0.0.1:PORT
    ca: str  # the development CA's PEM file
    tenant: str
    writer: App  # granted READ_WRITE
    reader: App  # granted READ_ONLY
    configurations: list[str]
    process: subprocess.Popen[str]

    def __post_init__(self) -> None:
        self._unused = iter(self.configurations)
        self._lock = threading.Lock()

    def new_configuration(self) -> str:
        """A configuration no other test uses."""
        with self._lock:
            configuration = next(self._unused, None)
        if configuration is None:
            raise RuntimeError(f"all {len(self.configurations)} configurations are in use: raise CONFIGURATIONS")
        return configuration

    def stop(self) -> None:
        """Stops the emulator with SIGTERM, on which it finishes the requests in flight, and fails if it fails."""
        if self.process.poll() is not None:
            raise RuntimeError(f"the emulator exited during the tests ({self.process.returncode})")
        self.process.terminate()
        if self.process.wait(timeout=30) != 0:
            raise RuntimeError(f"the emulator stopped with exit code {self.process.returncode}")


def binary(workdir: Path) -> str:
    """INTUNE_EMULATOR_BIN, or a fresh ``go build`` of cmd/intune-emulator."""
    if os.environ.get("INTUNE_EMULATOR_BIN"):
        return os.environ["INTUNE_EMULATOR_BIN"]
    out = workdir / "intune-emulator"
    subprocess.run(["go", "build", "-o", str(out), "./cmd/intune-emulator"], cwd=REPO, check=True)
    return str(out)


def start(workdir: Path) -> Emulator:
    """Serves the emulator on a free loopback port with the run's apps and configurations."""
    tenant = str(uuid.uuid4())
    writer = App(str(uuid.uuid4()), secrets.token_urlsafe(24))
    reader = App(str(uuid.uuid4()), secrets.token_urlsafe(24))
    apps = workdir / "apps.json"
    apps.write_text(
        json.dumps(
            {
                "apps": [
                    {
                        "tenant": tenant,
                        "clientId": app.client_id,
                        "displayName": name,
                        "secret": app.secret,
                        "permissions": [permission],
                    }
                    for name, app, permission in (("writer", writer, READ_WRITE), ("reader", reader, READ_ONLY))
                ]
            }
        )
    )
    configurations = [f"8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_Interop{i:02d}" for i in range(CONFIGURATIONS)]
    fixtures = workdir / "fixtures.json"
    fixtures.write_text(json.dumps({"value": [{"id": c} for c in configurations]}))

    # The emulator reads its own INTUNE_EMULATOR_* variables as flags: a
    # page size or a throttle set in a developer's shell would change what
    # the tests see.
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTUNE_EMULATOR_")}
    command = [
        binary(workdir), "serve", "-addr", "", "-tls-addr", "127.0.0.1:0", "-proxy-addr", "127.0.0.1:0",
        "-state-dir", str(workdir / "state"),
        "-apps", str(apps), "-fixtures", str(fixtures), "-allow-fault-headers", "-log-format", "json",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert process.stderr is not None
    log = open(os.environ.get("INTUNE_INTEROP_LOG") or workdir / "emulator.log", "w")  # closed by drain
    seen: dict[str, dict[str, str]] = {}
    # An emulator that neither serves nor exits is stopped, which ends the loop.
    deadline = threading.Timer(30, process.kill)
    deadline.start()
    for line in process.stderr:
        log.write(line)
        entry = json.loads(line) if line.startswith("{") else {}
        if entry.get("msg") == "serving https":
            seen["https"] = entry
        elif entry.get("msg") == "serving proxy":
            seen["proxy"] = entry
        elif "ca" in entry and entry.get("msg", "").startswith("development CA"):
            seen["ca"] = entry
        if len(seen) == 3:
            break
    else:
        deadline.cancel()
        log.close()
        process.wait()
        raise RuntimeError(f"{command[0]} ended ({process.returncode}) without serving within 30s: see {log.name}")

    deadline.cancel()

    def drain() -> None:
        # The log goes on with every request: keep reading it, so that the
        # emulator never blocks on a full pipe.
        with log:
            for line in process.stderr:
                log.write(line)
                log.flush()

    threading.Thread(target=drain, daemon=True).start()
    https = seen["https"]
    return Emulator(
        authority=f"https://{https['addr']}",
        base_url=https["base_url"],
        proxy=f"http://{seen['proxy']['addr']}",
        ca=seen["ca"]["ca"],
        tenant=tenant,
        writer=writer,
        reader=reader,
        configurations=configurations,
        process=process,
    )
