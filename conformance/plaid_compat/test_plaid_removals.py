"""Removed transactions through plaid-python: an authorization hold (fuel pump, hotel,
ride) is reported pending, then vanishes upstream when the charge it guarded posts.
The next aggregation removes it: /transactions/sync lists it under ``removed`` and a
signed TRANSACTIONS_REMOVED webhook names it."""

import json
from datetime import datetime

from plaid.model.item_get_request import ItemGetRequest
from plaid.model.transactions_get_request import TransactionsGetRequest
from plaid.model.transactions_refresh_request import TransactionsRefreshRequest
from plaid.model.transactions_sync_request import TransactionsSyncRequest

from plaid_helpers import api, eventually, wide_window
# The webhook suite's receiver and server (loopback webhooks allowed), reused.
from test_plaid_webhooks import hook_server, link_with_webhook, receiver, server_now, verify  # noqa: F401

MAX_DAYS = 30


def sync_run(client_api, token, cursor):
    """One run of sync pages: (added, modified, removed, next cursor)."""
    added, modified, removed = [], [], []
    while True:
        page = client_api.transactions_sync(
            TransactionsSyncRequest(access_token=token, cursor=cursor, count=100))
        added += page.added
        modified += page.modified
        removed += page.removed
        cursor = page.next_cursor
        if not page.has_more:
            return added, modified, removed, cursor


def aggregate_next_day(server, client_api, token):
    now = datetime.fromisoformat(server.advance_clock(86400)["now"])
    client_api.transactions_refresh(TransactionsRefreshRequest(access_token=token))

    def done():
        status = client_api.item_get(ItemGetRequest(access_token=token)).status
        last = status.transactions.last_successful_update
        return last is not None and last >= now

    assert eventually(done, timeout=60), "the refresh job finished"


def test_a_released_hold_is_removed_in_sync_and_by_webhook(hook_server, receiver):  # noqa: F811
    client_api = api(hook_server, hook_server.new_client())
    token, item_id = link_with_webhook(client_api, receiver.url("/removed"))
    assert eventually(lambda: receiver.received("/removed", "SYNC_UPDATES_AVAILABLE"))
    added, _, removed, cursor = sync_run(client_api, token, "")
    assert not removed
    known = {t.transaction_id: t for t in added}
    for _ in range(MAX_DAYS):
        aggregate_next_day(hook_server, client_api, token)
        new, modified, removed, cursor = sync_run(client_api, token, cursor)
        for t in new + modified:
            known[t.transaction_id] = t
        if removed:
            break
    assert removed, f"no authorization hold was released in {MAX_DAYS} days"

    for r in removed:
        hold = known[r.transaction_id]
        assert hold.pending, "only a pending transaction is removed"
        assert r.account_id == hold.account_id
        assert hold.name and hold.amount > 0
    removed_ids = {r.transaction_id for r in removed}
    start, end = wide_window()
    listed = client_api.transactions_get(TransactionsGetRequest(
        access_token=token, start_date=start, end_date=end)).transactions
    assert not removed_ids & {t.transaction_id for t in listed}

    assert eventually(lambda: receiver.received("/removed", "TRANSACTIONS_REMOVED"), timeout=30)
    hooks = receiver.received("/removed", "TRANSACTIONS_REMOVED")
    verify(client_api, hooks[-1], server_now(hook_server))
    body = json.loads(hooks[-1]["body"])
    assert body["webhook_type"] == "TRANSACTIONS" and body["item_id"] == item_id
    assert set(body["removed_transactions"]) == removed_ids and body["error"] is None

    # The removal is reported once: the next run from the new cursor is empty of it.
    _, _, again, _ = sync_run(client_api, token, cursor)
    assert not again
