"""Starts the Go emulator (or the one broken on purpose) for the tests.

The binaries come from INTUNE_EMULATOR_BIN and INTUNE_BROKEN_EMULATOR_BIN
(`make emulators` builds them into bin/), else ``go build`` builds them into
a temporary directory. INTUNE_BASE_URL hands the tests an emulator that is
already running instead (started with the vectors' emulatorArgs, and with
INTUNE_HS256_SECRET as its -hs256-secret when it has one).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVING = re.compile(r"msg=serving addr=(\S+)")
BASE_PATH = "/beta"
PROGRAMS = {
    "emulator": ("./cmd/intune-emulator", "INTUNE_EMULATOR_BIN"),
    "broken": ("./contract/brokenemulator", "INTUNE_BROKEN_EMULATOR_BIN"),
}


def binary(program: str) -> str:
    """The program's binary: its variable, or a fresh ``go build``."""
    package, variable = PROGRAMS[program]
    if os.environ.get(variable):
        return os.environ[variable]
    out = Path(tempfile.mkdtemp(prefix="intune-emulator-")) / program
    subprocess.run(["go", "build", "-o", str(out), package], cwd=REPO, check=True)
    return str(out)


class Emulator:
    """A running emulator: its version root URL, and tokens it accepts."""

    def __init__(self, base_url: str, secret: str | None, process: subprocess.Popen[str] | None = None) -> None:
        self.base_url = base_url
        self._secret = secret
        self._process = process
        self._token_binary = binary("emulator")

    @classmethod
    def start(cls, args: list[str], broken: str | None = None) -> Emulator:
        """Starts the emulator, or the broken one with that ``-break``, on a free loopback port."""
        secret = secrets.token_hex(32)
        command = [binary("emulator"), "serve"] if broken is None else [binary("broken"), "-break", broken]
        command += ["-addr", "127.0.0.1:0", "-base-path", BASE_PATH, "-hs256-secret", secret, *args]
        process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        assert process.stderr is not None
        seen: list[str] = []
        for line in process.stderr:
            seen.append(line)
            if match := SERVING.search(line):
                # The log goes on with every request: keep reading it, so that
                # the emulator never blocks on a full pipe.
                threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
                return cls(f"http://{match.group(1)}{BASE_PATH}", secret, process)
        process.wait()
        raise RuntimeError(f"{command[0]} exited ({process.returncode}) before serving:\n{''.join(seen)}")

    @classmethod
    def handed(cls) -> Emulator | None:
        """The emulator INTUNE_BASE_URL names, if any."""
        url = os.environ.get("INTUNE_BASE_URL")
        return cls(url.rstrip("/"), os.environ.get("INTUNE_HS256_SECRET")) if url else None

    def token(self, scopes: list[str]) -> str:
        """A delegated token granting scopes, minted by ``intune-emulator token``."""
        command = [self._token_binary, "token", "-scopes", " ".join(scopes)]
        if self._secret:
            command += ["-hs256-secret", self._secret]
        token = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()
        if token.count(".") != 2:
            raise RuntimeError(f"intune-emulator token printed no JWT: {token!r}")
        return token

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
