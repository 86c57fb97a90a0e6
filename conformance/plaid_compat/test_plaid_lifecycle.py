"""The whole item lifecycle through plaid-python's strict models: sandbox public
token → exchange → item → accounts → balance → transactions (offset pages) → sync
(cursors, pending→posted after a refresh) → auth → categories → remove."""

import plaid
import pytest
from plaid.model.accounts_balance_get_request import AccountsBalanceGetRequest
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.auth_get_request import AuthGetRequest
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.item_remove_request import ItemRemoveRequest
from plaid.model.transactions_get_request import TransactionsGetRequest
from plaid.model.transactions_get_request_options import TransactionsGetRequestOptions
from plaid.model.transactions_refresh_request import TransactionsRefreshRequest
from plaid.model.transactions_sync_request import TransactionsSyncRequest

from plaid_helpers import api, error_code, eventually, link_item, wide_window


def sync_all(client_api, token, cursor=""):
    """Pages through /transactions/sync; returns (added, modified, next_cursor)."""
    added, modified = [], []
    while True:
        kwargs = {"access_token": token, "count": 50}
        if cursor:
            kwargs["cursor"] = cursor
        page = client_api.transactions_sync(TransactionsSyncRequest(**kwargs))
        assert page.next_cursor
        added += page.added
        modified += page.modified
        cursor = page.next_cursor
        if not page.has_more:
            return added, modified, cursor


@pytest.fixture
def linked(server, client):
    client_api = api(server, client)
    token, item_id = link_item(client_api)
    return client_api, token, item_id


def test_item_accounts_and_balances(linked):
    client_api, token, item_id = linked
    assert token.startswith("access-sandbox-") and len(item_id) == 37
    item = client_api.item_get(ItemGetRequest(access_token=token)).item
    assert item.item_id == item_id
    assert item.institution_id == "ins_109508"
    assert item.error is None
    accounts = client_api.accounts_get(AccountsGetRequest(access_token=token))
    assert accounts.request_id and accounts.item.item_id == item_id
    assert accounts.accounts, "the sandbox household has accounts"
    types = {str(a.type) for a in accounts.accounts}
    assert "depository" in types
    balance = client_api.accounts_balance_get(AccountsBalanceGetRequest(access_token=token))
    ids = sorted(a.account_id for a in balance.accounts)
    assert ids == sorted(a.account_id for a in accounts.accounts)


def test_transactions_offset_pages(linked):
    client_api, token, _ = linked
    start, end = wide_window()

    def page(offset, count):
        return client_api.transactions_get(TransactionsGetRequest(
            access_token=token, start_date=start, end_date=end,
            options=TransactionsGetRequestOptions(count=count, offset=offset)))

    first = page(0, 500)
    total = first.total_transactions
    assert isinstance(total, int) and total > 10
    collected = []
    while len(collected) < total:
        collected += page(len(collected), 7).transactions
    assert [t.transaction_id for t in collected] == [
        t.transaction_id for t in first.transactions[: len(collected)]]
    assert len({t.transaction_id for t in collected}) == total
    dates = [t.date for t in collected]
    assert dates == sorted(dates, reverse=True)
    investment = {a.account_id for a in first.accounts if str(a.type) == "investment"}
    assert not any(t.account_id in investment for t in collected)


def test_sync_cursor_then_pending_posts(linked, server):
    client_api, token, _ = linked
    added, modified, cursor = sync_all(client_api, token)
    assert added and not modified
    pending = {t.transaction_id for t in added if t.pending}
    again, again_modified, cursor = sync_all(client_api, token, cursor)
    assert not again and not again_modified
    server.advance_clock(3 * 86400)
    client_api.transactions_refresh(TransactionsRefreshRequest(access_token=token))

    found = {"added": [], "modified": []}

    def changes():
        nonlocal cursor
        new_added, new_modified, cursor = sync_all(client_api, token, cursor)
        found["added"] += new_added
        found["modified"] += new_modified
        return found["added"] and (not pending or found["modified"])

    assert eventually(changes, timeout=60), "a refresh after 3 days brings new transactions"
    if pending:
        posted = {t.transaction_id for t in found["modified"] if not t.pending}
        assert posted & pending, "a pending transaction comes back modified, posted"


def test_auth_numbers(linked):
    client_api, token, _ = linked
    auth = client_api.auth_get(AuthGetRequest(access_token=token))
    assert auth.numbers.ach
    account_ids = {a.account_id for a in auth.accounts}
    for number in auth.numbers.ach:
        assert number.account_id in account_ids
        assert number.account and number.routing
    assert auth.numbers.eft == [] and auth.numbers.bacs == []


def test_remove_item(linked):
    client_api, token, _ = linked
    removed = client_api.item_remove(ItemRemoveRequest(access_token=token))
    assert removed.request_id
    with pytest.raises(plaid.ApiException) as caught:
        client_api.accounts_get(AccountsGetRequest(access_token=token))
    assert caught.value.status == 400
    assert error_code(caught.value) == "ITEM_NOT_FOUND"


def test_asset_report_create_get_pdf_and_survives_item_removal(linked):
    from plaid.model.asset_report_create_request import AssetReportCreateRequest
    from plaid.model.asset_report_create_request_options import AssetReportCreateRequestOptions
    from plaid.model.asset_report_get_request import AssetReportGetRequest
    from plaid.model.asset_report_pdf_get_request import AssetReportPDFGetRequest
    client_api, token, item_id = linked
    created = client_api.asset_report_create(AssetReportCreateRequest(
        access_tokens=[token], days_requested=60,
        options=AssetReportCreateRequestOptions(client_report_id="loan-42")))
    assert created.asset_report_token.startswith("assets-sandbox-")
    got = client_api.asset_report_get(AssetReportGetRequest(
        asset_report_token=created.asset_report_token, include_insights=True))
    report = got.report
    assert report.asset_report_id == created.asset_report_id
    assert report.client_report_id == "loan-42" and report.days_requested == 60
    [item] = report.items
    assert item.item_id == item_id and item.institution_id == "ins_109508"
    accounts = client_api.accounts_get(AccountsGetRequest(access_token=token)).accounts
    assert {a.account_id for a in item.accounts} == {a.account_id for a in accounts}
    for account in item.accounts:
        history = account.historical_balances
        assert history and history[0].current == account.balances.current
        # Walking back one day undoes that day's posted transactions.
        day0 = [t for t in account.transactions if t.date == history[0].date and not t.pending]
        moved = sum(t.amount for t in day0)
        expected = history[0].current + (moved if str(account.type) not in ("credit", "loan") else -moved)
        assert abs(history[1].current - expected) < 0.005
    assert any(a.transactions for a in item.accounts)
    pdf = client_api.asset_report_pdf_get(AssetReportPDFGetRequest(
        asset_report_token=created.asset_report_token))
    data = pdf.read()
    assert data.startswith(b"%PDF-") and b"Asset Report" in data
    assert accounts[0].name.encode() in data
    client_api.item_remove(ItemRemoveRequest(access_token=token))
    again = client_api.asset_report_get(AssetReportGetRequest(asset_report_token=created.asset_report_token))
    assert again.report.asset_report_id == created.asset_report_id
