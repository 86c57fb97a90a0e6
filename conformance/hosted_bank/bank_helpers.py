"""Helpers for the hosted-bank suite: set the bank up with the ``polyfin bank`` CLI
(beside the running server, on its data directory), act as a bank customer through
plain HTTP on ``/banking`` (the Apiture Digital Banking API), and move the shared
test clock to a transfer's business day.

This directory has no ``__init__.py`` on purpose (see ../atrium/conftest.py): its
modules carry unique names (``bank_helpers``, ``test_bank_*``)."""

import datetime
import json
import os
import secrets
import subprocess

import requests

BANK = "POLYFIN"
INSTITUTION = "polyfin"
DAY_S = 86400
CLI_TIMEOUT_S = 30.0


def cli(server, *args) -> dict:
    """``polyfin bank <args> <server's database>``: the JSON object it prints."""
    cmd = [str(server.binary), "bank", *args, *server.storage_args]
    env = {**os.environ, **server.storage_env}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=CLI_TIMEOUT_S, env=env)
    assert done.returncode == 0, f"`{' '.join(cmd)}` exited {done.returncode}: {done.stderr}"
    return json.loads(done.stdout)


def ensure_bank(server) -> None:
    """Creates Polyfin Community Bank (the catalogue's ``polyfin``) unless it exists."""
    banks = cli(server, "list")["items"]
    if not any(b["id"] == BANK for b in banks):
        created = cli(server, "create")
        assert created["id"] == BANK and created["routingNumber"] == "503000206", created


class Customer:
    """A bank customer with online-banking credentials, a checking account holding
    ``checking`` and a savings account holding 250.00."""

    def __init__(self, server, name: str, checking: str = "1000.00"):
        self.server = server
        self._http = None
        self.username = f"cust-{secrets.token_hex(4)}"
        self.password = f"pw-{secrets.token_hex(8)}"
        made = cli(server, "customer", "--bank", BANK, "--name", name,
                   "--username", self.username, "--password", self.password)
        self.id = made["customerId"]
        self.checking = self.open("checking", checking)
        self.savings = self.open("savings", "250.00")

    def open(self, kind: str, balance: str) -> str:
        made = cli(self.server, "account", "--bank", BANK, "--customer", self.id,
                   "--type", kind, "--opening-balance", balance)
        return made["accountId"]

    def session(self) -> requests.Session:
        """A ``requests`` session with a fresh bearer token from ``POST /banking/token``
        (tokens live an hour, and tests move the clock by days)."""
        resp = requests.post(self.server.url("/banking/token"), timeout=30,
                             json={"username": self.username, "password": self.password, "bank": BANK})
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["token_type"] == "Bearer" and body["expires_in"] == 3600, body
        http = requests.Session()
        http.trust_env = False
        http.headers["Authorization"] = f"Bearer {body['access_token']}"
        return http

    def call(self, method: str, path: str, status: int = 200, **kwargs) -> dict:
        """One request with the customer's token; a token the clock has expired (401
        sessionExpired) is replaced once."""
        url = self.server.url("/banking" + path)
        if self._http is None:
            self._http = self.session()
        resp = self._http.request(method, url, timeout=30, **kwargs)
        if resp.status_code == 401 and status != 401:
            assert resp.json()["type"].endswith("/sessionExpired/v1.0.0"), resp.text
            self._http = self.session()
            resp = self._http.request(method, url, timeout=30, **kwargs)
        assert resp.status_code == status, f"{method} {path}: {resp.status_code} {resp.text}"
        return resp.json() if resp.content else {}


def server_today(server) -> datetime.date:
    return datetime.date.fromisoformat(server.advance_clock(0)["now"][:10])


def effective_on(customer: Customer, scheduled_on: datetime.date) -> datetime.date:
    """The business day a one-time debit scheduled on ``scheduled_on`` executes."""
    body = customer.call("GET", f"/institutions/{BANK}/transferSchedule", params={
        "startsOn": scheduled_on.isoformat(), "direction": "debit", "frequency": "once",
    })
    [item] = body["items"]
    assert item["scheduledOn"] == scheduled_on.isoformat(), body
    return datetime.date.fromisoformat(item["effectiveOn"])


def transfer(customer: Customer, source: str, target: str, amount: str, on: datetime.date,
             memo: str = None) -> dict:
    body = {
        "amount": amount,
        "sourceAccount": {"id": source},
        "targetAccount": {"id": target},
        "schedule": {"scheduledOn": on.isoformat(), "frequency": "once"},
    }
    if memo:
        body["memo"] = memo
    created = customer.call("POST", "/transfers", status=201, json=body)
    assert created["state"] == "scheduled", created
    return created


def advance_to(server, day: datetime.date) -> None:
    """Moves the shared clock forward by whole days until its date is ``day`` (one
    move, so the sweeps run once)."""
    days = (day - server_today(server)).days
    if days > 0:
        server.advance_clock(days * DAY_S)
    assert server_today(server) == day


def run_transfer(server, customer: Customer, source: str, target: str, amount: str,
                 days_ahead: int = 3) -> dict:
    """Schedules a one-time transfer ``days_ahead`` days out, checks it waits until
    its business day, moves the clock there and returns it processed."""
    on = server_today(server) + datetime.timedelta(days=days_ahead)
    due = effective_on(customer, on)
    created = transfer(customer, source, target, amount, on)
    advance_to(server, due - datetime.timedelta(days=1))
    waiting = customer.call("GET", f"/transfers/{created['id']}")
    assert waiting["state"] == "scheduled", waiting
    advance_to(server, due)
    done = customer.call("GET", f"/transfers/{created['id']}")
    assert done["state"] == "processed", done
    assert done["processedAt"].startswith(due.isoformat()), done
    return done
