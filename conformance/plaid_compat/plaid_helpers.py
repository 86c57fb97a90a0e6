"""Helpers for the Plaid-compatible suite: the official ``plaid-python`` (46.0.0)
client pointed at ``<server>/v1/plaid``, authenticated as the test's own API client.

This directory has no ``__init__.py`` and no conftest.py on purpose: as a package it
would be named like the SDK's ``plaid`` and hide it. Its modules carry unique names
(``plaid_helpers``, ``test_plaid_*``)."""

import datetime
import json
import time

import plaid
from plaid.api import plaid_api
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
from plaid.model.products import Products
from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest

SANDBOX_INSTITUTION = "ins_109508"


def api(server, creds, secret=None, prefix="/v1/plaid"):
    """A ``PlaidApi`` for the API client ``creds`` (or a wrong ``secret``)."""
    config = plaid.Configuration(
        host=server.url(prefix),
        api_key={"clientId": creds.client_id, "secret": secret or creds.api_key},
    )
    return plaid_api.PlaidApi(plaid.ApiClient(config))


def link_item(client_api, products=("transactions", "auth")):
    """Sandbox-link MX Bank; returns (access_token, item_id)."""
    public = client_api.sandbox_public_token_create(
        SandboxPublicTokenCreateRequest(
            institution_id=SANDBOX_INSTITUTION,
            initial_products=[Products(p) for p in products],
        )
    )
    exchanged = client_api.item_public_token_exchange(
        ItemPublicTokenExchangeRequest(public_token=public.public_token)
    )
    return exchanged.access_token, exchanged.item_id


def error_code(exc):
    """The ``error_code`` of a ``plaid.ApiException`` (apps read ``e.body``)."""
    body = json.loads(exc.body)
    assert body["request_id"], body
    assert body["error_type"] and body["error_message"], body
    assert "display_message" in body, body
    return body["error_code"]


def wide_window():
    today = datetime.date.today()
    return today - datetime.timedelta(days=3650), today + datetime.timedelta(days=3650)


def eventually(check, timeout=30.0, interval=0.25):
    """Calls ``check()`` until it returns a truthy value; returns it."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)
