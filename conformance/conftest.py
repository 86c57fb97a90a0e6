"""Shared fixtures for every Polyfin conformance suite.

One Polyfin server is started per test session (fresh SQLite database in a
temporary data dir, random port) and stopped at the end. Tests get their own
API client (tenant) from the ``client`` fixture, so they never share data.

The server runs with a test clock (``--test-clock-token``): tests move it
forward with the ``advance_clock`` fixture. The clock is shared by the whole
session, so tests only ever move it forward and never assume an absolute time.

Dialect-specific fixtures (e.g. the MX SDK clients) live in the conftest.py of
each suite's directory.
"""
import os
import warnings

import pytest

from polyfin_harness import ClientCredentials, PolyfinServer, _tail, polyfin_bin


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The Polyfin server shared by the whole session."""
    binary = polyfin_bin()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(
            f"Polyfin server binary not found at {binary}: run `cargo build` first "
            f"(or set POLYFIN_BIN to the binary)",
            pytrace=False,
        )
    data_dir = tmp_path_factory.mktemp("polyfin-data")
    log_path = tmp_path_factory.mktemp("polyfin-log") / "server-stderr.log"
    srv = PolyfinServer(binary, data_dir, log_path)
    srv.start()
    try:
        yield srv
    finally:
        crashed = srv.returncode is not None
        srv.stop()
        if crashed:
            warnings.warn(
                f"Polyfin server exited during the session (code {srv.returncode}); "
                f"stderr tail:\n{_tail(srv.log_path)}"
            )


@pytest.fixture
def advance_clock(server):
    """``advance_clock(seconds)``: move the shared server clock forward and run the
    sweeps (MFA expiry, stuck jobs, PENDING-OAuth cleanup, background refresh)."""
    return server.advance_clock


@pytest.fixture
def client(server) -> ClientCredentials:
    """A fresh API client (tenant) with no data of its own."""
    return server.new_client()
