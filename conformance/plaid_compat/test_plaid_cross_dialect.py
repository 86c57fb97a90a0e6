"""One item is one member: the MX API (through the official mx-platform-python
client) sees the Plaid item's member and the same transactions, one for one, with
Plaid's sign (positive = money out) flipped back to MX's."""

import hashlib

import requests
from mx_platform_python import AccountsApi, MembersApi, TransactionsApi, UsersApi
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.transactions_get_request import TransactionsGetRequest
from plaid.model.transactions_get_request_options import TransactionsGetRequestOptions

from mx_platform.helpers import close_api_client, list_all, make_api_client
from plaid_helpers import api, link_item, wide_window

MX_ACCEPT = {"Accept": "application/vnd.mx.api.v1+json"}
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def mx_get(server, client, path):
    resp = requests.get(server.url(path), auth=client, headers=MX_ACCEPT, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()


def plaid_id(kind, mx_guid):
    """The Plaid id of an MX guid (spec §1.5, as Polyfin derives it: 37 base62
    characters of SHA-256("kind:guid") followed by SHA-256 of that digest)."""
    first = hashlib.sha256(f"{kind}:{mx_guid}".encode()).digest()
    second = hashlib.sha256(first).digest()
    return "".join(BASE62[b % 62] for b in (first + second)[:37])


def all_plaid_transactions(client_api, token):
    start, end = wide_window()
    found, total = [], None
    while total is None or len(found) < total:
        page = client_api.transactions_get(TransactionsGetRequest(
            access_token=token, start_date=start, end_date=end,
            options=TransactionsGetRequestOptions(count=500, offset=len(found))))
        total = page.total_transactions
        assert page.transactions or len(found) == total
        found.extend(page.transactions)
    return found


def test_item_is_an_mx_member_with_the_same_transactions(server, client):
    """Through both official clients: every Plaid transaction is one MX transaction of
    the item's member (transaction_id and account_id derived from the MX guids), with
    the amount's sign flipped (MX DEBIT = Plaid positive), the same date (pending: the
    day it was transacted) and pending exactly when MX says PENDING. Investment
    accounts' transactions are Plaid investment transactions, not in this list."""
    client_api = api(server, client)
    token, item_id = link_item(client_api, products=("transactions",))
    item = client_api.item_get(ItemGetRequest(access_token=token)).item
    assert item.item_id == item_id and item.institution_name == "MX Bank"
    mx = make_api_client(server.base_url, client)
    try:
        [user] = UsersApi(mx).list_users().users
        [member] = MembersApi(mx).list_members(user.guid).members
        assert member.institution_code == "mxbank"
        assert plaid_id("item", member.guid) == item_id
        accounts = list_all(AccountsApi(mx).list_user_accounts, "accounts", user_guid=user.guid)
        investment = {a.guid for a in accounts if a.type == "INVESTMENT"}
        mx_txns = list_all(TransactionsApi(mx).list_transactions_by_member, "transactions",
                           member_guid=member.guid, user_guid=user.guid,
                           from_date="2000-01-01", to_date="2099-12-31")
    finally:
        close_api_client(mx)
    mx_by_id = {plaid_id("transaction", t.guid): t for t in mx_txns if t.account_guid not in investment}
    plaid_txns = all_plaid_transactions(client_api, token)
    assert plaid_txns, "the sandbox household has transactions"
    assert len({t.transaction_id for t in plaid_txns}) == len(plaid_txns)
    assert {t.transaction_id for t in plaid_txns} == set(mx_by_id)
    for t in plaid_txns:
        m = mx_by_id[t.transaction_id]
        assert m.type in ("DEBIT", "CREDIT"), m
        assert t.account_id == plaid_id("account", m.account_guid)
        assert round(t.amount, 2) == round(m.amount if m.type == "DEBIT" else -m.amount, 2), (t, m)
        assert t.pending == (m.status == "PENDING"), (t, m)
        expected_date = m.transacted_at[:10] if t.pending else m.var_date
        assert str(t.date) == expected_date, (t, m)
    assert any(t.pending for t in plaid_txns) and not all(t.pending for t in plaid_txns)
    assert any(t.amount > 0 for t in plaid_txns) and any(t.amount < 0 for t in plaid_txns)


def test_a_custom_category_shows_as_its_parent_in_plaid(server, client):
    """A user's own category (MX personal finance) is not in Plaid's fixed taxonomy: the
    Plaid wire shows the default category it was made under, never a null category."""
    client_api = api(server, client)
    token, _ = link_item(client_api, products=("transactions",))
    [user] = mx_get(server, client, "/users")["users"]
    defaults = mx_get(server, client, "/categories/default?records_per_page=1000")["categories"]
    food = next(c for c in defaults if c["name"] == "Food & Dining")
    resp = requests.post(server.url(f"/users/{user['guid']}/categories"), auth=client,
                         headers={**MX_ACCEPT, "Content-Type": "application/json"},
                         json={"category": {"name": "Team Lunches", "parent_guid": food["guid"]}})
    assert resp.status_code == 200, resp.text
    custom = resp.json()["category"]["guid"]
    [mx_txn] = [t for t in mx_get(server, client, f"/users/{user['guid']}/transactions"
                                  "?from_date=2000-01-01&records_per_page=1000")["transactions"]
                if t["type"] == "DEBIT"][:1]
    resp = requests.put(server.url(f"/users/{user['guid']}/transactions/{mx_txn['guid']}"), auth=client,
                        headers={**MX_ACCEPT, "Content-Type": "application/json"},
                        json={"transaction": {"category_guid": custom}})
    assert resp.status_code == 200, resp.text
    start, end = wide_window()
    plaid_txns = client_api.transactions_get(TransactionsGetRequest(
        access_token=token, start_date=start, end_date=end,
        options=TransactionsGetRequestOptions(count=500))).transactions
    [recategorised] = [t for t in plaid_txns
                       if t.name == mx_txn["description"] and round(t.amount, 2) == round(mx_txn["amount"], 2)
                       and str(t.date) == mx_txn["date"]][:1]
    assert recategorised.category == ["Food and Drink", "Restaurants"]
    assert recategorised.personal_finance_category.primary == "FOOD_AND_DRINK"
