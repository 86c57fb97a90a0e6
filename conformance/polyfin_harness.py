"""The Polyfin server harness shared by every conformance suite: start a server on a
random port with a fresh data dir, create API clients, move the test clock.

It lives outside conftest.py so that a suite can import it by a unique module name:
several suites have a conftest.py of their own, and ``from conftest import`` would
resolve to whichever of them was imported first.
"""

import collections
import itertools
import json
import os
import queue
import re
import secrets
import subprocess
import threading
import time
import warnings
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BIN = REPO_ROOT / "target" / "debug" / "polyfin"
STARTUP_DEADLINE_S = 60.0
STOP_TIMEOUT_S = 10.0
CLI_TIMEOUT_S = 30.0
TEST_TOKEN_HEADER = "X-Polyfin-Test-Token"
LISTENING_RE = re.compile(r"^polyfin listening on (http://127\.0\.0\.1:[1-9][0-9]*)$")

ClientCredentials = collections.namedtuple("ClientCredentials", "client_id api_key")
"""An API client's credentials. A 2-tuple, so it also works as ``requests`` auth."""


def polyfin_bin() -> Path:
    env = os.environ.get("POLYFIN_BIN")
    return Path(env).resolve() if env else DEFAULT_BIN


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"<cannot read {path}: {exc}>"
    return "\n".join(text.splitlines()[-lines:]) or "<empty>"


def _storage(data_dir: Path):
    """``(args, env)`` that point ``polyfin`` at the session's fresh database."""
    base_url = os.environ.get("POLYFIN_TEST_DATABASE_URL")
    if not base_url:
        return ["--data-dir", str(data_dir)], {}
    name = f"conformance_{os.getpid()}_{secrets.token_hex(4)}"
    done = subprocess.run(
        ["psql", base_url, "-v", "ON_ERROR_STOP=1", "-qc", f'CREATE DATABASE "{name}"'],
        capture_output=True, text=True, timeout=CLI_TIMEOUT_S,
    )
    if done.returncode != 0:
        pytest.fail(f"cannot create database {name}: {done.stderr}", pytrace=False)
    url = base_url.split("?")[0].rsplit("/", 1)[0] + "/" + name
    # Instances on PostgreSQL share one sealing key instead of a key file.
    return ["--database-url", url], {"POLYFIN_SECRET_KEY": secrets.token_hex(32)}


class PolyfinServer:
    """A running ``polyfin serve`` process."""

    _names = itertools.count(1)

    def __init__(self, binary: Path, data_dir: Path, log_path: Path):
        self.binary = binary
        self.data_dir = data_dir
        # How every `polyfin` command reaches the database, and what it needs for it.
        self.storage_args, self.storage_env = _storage(data_dir)
        self.log_path = log_path  # the server's stderr
        self.stdout_lines = []  # every stdout line seen so far
        self.base_url = None
        self.test_clock_token = secrets.token_hex(16)  # 32 characters
        self._proc = None

    # -- lifecycle ---------------------------------------------------------

    def command(self) -> list:
        return [
            str(self.binary), "serve", "--addr", "127.0.0.1:0", *self.storage_args,
            "--test-clock-token", self.test_clock_token,
        ]

    def start(self) -> None:
        cmd = self.command()
        env = {**os.environ, **self.storage_env}
        env.setdefault("RUST_BACKTRACE", "1")
        with open(self.log_path, "wb") as log:
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, env=env
            )
        deadline = time.monotonic() + STARTUP_DEADLINE_S
        self.base_url = self._wait_for_listening_line(deadline)
        self._wait_for_health(deadline)

    def _wait_for_listening_line(self, deadline: float) -> str:
        lines = queue.Queue()

        def pump():  # keeps draining stdout for the whole session
            for raw in self._proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                self.stdout_lines.append(line)
                lines.put(line)
            lines.put(None)  # EOF

        threading.Thread(target=pump, name="polyfin-stdout", daemon=True).start()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._startup_failed(f"no 'polyfin listening on ...' line within {STARTUP_DEADLINE_S:.0f}s")
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self._proc.wait(timeout=STOP_TIMEOUT_S)
                self._startup_failed(f"server exited with code {self._proc.returncode} before listening")
            match = LISTENING_RE.match(line)
            if match:
                return match.group(1)

    def _wait_for_health(self, deadline: float) -> None:
        last = "no attempt"
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._startup_failed(f"server exited with code {self._proc.returncode} before /healthz")
            try:
                resp = requests.get(self.base_url + "/healthz", timeout=2)
                if resp.status_code == 200:
                    return
                last = f"HTTP {resp.status_code}"
            except requests.RequestException as exc:
                last = repr(exc)
            time.sleep(0.05)
        self._startup_failed(f"GET /healthz did not return 200 within {STARTUP_DEADLINE_S:.0f}s ({last})")

    def _startup_failed(self, why: str):
        self.stop()
        stdout = "\n".join(self.stdout_lines[-20:]) or "<empty>"
        pytest.fail(
            f"Polyfin server failed to start: {why}\n"
            f"command: {' '.join(self.command())}\n"
            f"--- stdout (tail) ---\n{stdout}\n"
            f"--- stderr ({self.log_path}, tail) ---\n{_tail(self.log_path)}",
            pytrace=False,
        )

    def stop(self) -> None:
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()  # SIGTERM
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    @property
    def returncode(self):
        return None if self._proc is None else self._proc.poll()

    # -- helpers -----------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def advance_clock(self, seconds: int) -> dict:
        """Move the server's test clock forward by ``seconds`` (>= 0) and run the
        background sweeps at once. Returns ``{"now": "...", "sweep": "..."}``."""
        assert isinstance(seconds, int) and seconds >= 0, "the shared test clock only moves forward"
        with requests.Session() as http:
            http.trust_env = False  # no proxies
            resp = http.post(
                self.url("/_test/clock/advance"),
                json={"seconds": seconds},
                headers={TEST_TOKEN_HEADER: self.test_clock_token},
                timeout=60,
            )
        assert resp.status_code == 200, f"POST /_test/clock/advance: {resp.status_code} {resp.text[:500]}"
        body = resp.json()
        assert isinstance(body.get("now"), str) and body["now"], body
        return body

    def new_client(self, name: str = None) -> ClientCredentials:
        """Create an API client with ``polyfin clients create --json``."""
        name = name or f"conformance-{next(self._names)}"
        cmd = [str(self.binary), "clients", "create", "--name", name, "--json", *self.storage_args]
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=CLI_TIMEOUT_S, env={**os.environ, **self.storage_env}
        )
        if done.returncode != 0:
            pytest.fail(
                f"`{' '.join(cmd)}` exited with {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}",
                pytrace=False,
            )
        try:
            created = json.loads(done.stdout)
            assert set(created) == {"client_id", "api_key"}
            assert all(isinstance(v, str) and v for v in created.values())
        except (ValueError, AssertionError):
            pytest.fail(
                f"`clients create --json` must print exactly "
                f'{{"client_id":"...","api_key":"..."}}; got stdout {done.stdout!r}',
                pytrace=False,
            )
        return ClientCredentials(created["client_id"], created["api_key"])
