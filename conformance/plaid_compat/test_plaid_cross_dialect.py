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
