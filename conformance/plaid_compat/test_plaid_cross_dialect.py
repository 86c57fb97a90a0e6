"""One item is one member: the MX API sees the Plaid item's member and the same
transactions, with Plaid's sign (positive = money out) flipped back to MX's."""

import requests
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.transactions_get_request import TransactionsGetRequest
from plaid.model.transactions_get_request_options import TransactionsGetRequestOptions

from plaid_helpers import api, link_item, wide_window

MX_ACCEPT = {"Accept": "application/vnd.mx.api.v1+json"}


def mx_get(server, client, path):
    resp = requests.get(server.url(path), auth=client, headers=MX_ACCEPT, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_item_is_an_mx_member_with_the_same_transactions(server, client):
    client_api = api(server, client)
    token, _ = link_item(client_api, products=("transactions",))
    item = client_api.item_get(ItemGetRequest(access_token=token)).item
    users = mx_get(server, client, "/users")["users"]
    assert len(users) == 1
    user_guid = users[0]["guid"]
    members = mx_get(server, client, f"/users/{user_guid}/members")["members"]
    assert len(members) == 1 and members[0]["institution_code"] == "mxbank"
    assert item.institution_name == "MX Bank"
    member_guid = members[0]["guid"]
    mx_txns = mx_get(server, client,
                     f"/users/{user_guid}/members/{member_guid}/transactions"
                     f"?from_date=2000-01-01&to_date=2099-12-31&records_per_page=1000")["transactions"]
    start, end = wide_window()
    plaid_txns = client_api.transactions_get(TransactionsGetRequest(
        access_token=token, start_date=start, end_date=end,
        options=TransactionsGetRequestOptions(count=500))).transactions
    mx_signed = sorted(
        round(t["amount"] if t["type"] == "DEBIT" else -t["amount"], 2)
        for t in mx_txns if t["account_guid"] and not _is_investment(server, client, user_guid, t))
    plaid_amounts = sorted(round(t.amount, 2) for t in plaid_txns)
    assert plaid_amounts, "the sandbox household has transactions"
    assert plaid_amounts == mx_signed


_ACCOUNT_TYPES = {}


def _is_investment(server, client, user_guid, txn):
    if not _ACCOUNT_TYPES.get(user_guid):
        accounts = mx_get(server, client, f"/users/{user_guid}/accounts?records_per_page=1000")["accounts"]
        _ACCOUNT_TYPES[user_guid] = {a["guid"]: a["type"] for a in accounts}
    return _ACCOUNT_TYPES[user_guid].get(txn["account_guid"]) == "INVESTMENT"
