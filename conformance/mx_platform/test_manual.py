"""Manual accounts and transactions through the official SDK: create under the
user's Manual Institution member, update every field, exact money in the raw
JSON, flat manual-transaction responses, deletes, and refusals (aggregated data,
bad input, other users and clients)."""

import json

import pytest
from mx_platform_python import AccountsApi, TransactionsApi
from mx_platform_python.exceptions import ApiException, NotFoundException
from mx_platform_python.models import (
    AccountCreateRequest,
    AccountCreateRequestBody,
    AccountUpdateRequest,
    AccountUpdateRequestBody,
    TransactionCreateRequest,
    TransactionCreateRequestBody,
    TransactionUpdateRequest,
    TransactionUpdateRequestBody,
)

from .helpers import V1, assert_mx_error, create_user
from .members_helpers import connect_mxbank, count_members

UNKNOWN_CATEGORY = "CAT-00000000-0000-0000-0000-000000000000"


def create_account(accounts_api, user_guid, **fields):
    body = AccountCreateRequestBody(account=AccountCreateRequest(**fields))
    resp = accounts_api.create_manual_account_with_http_info(user_guid, body)
    assert resp.status_code == 200, resp.raw_data
    return resp.data.account, json.loads(resp.raw_data)["account"]


def create_transaction(transactions_api, user_guid, account_guid, **fields):
    body = TransactionCreateRequestBody(transaction=TransactionCreateRequest(**fields))
    resp = transactions_api.create_manual_transaction_with_http_info(user_guid, account_guid, body)
    assert resp.status_code == 200, resp.raw_data
    return resp.data, resp.raw_data


@pytest.fixture
def jar(accounts_api, user_guid):
    """A manual CASH account of the test's user."""
    account, _ = create_account(accounts_api, user_guid, name="Jar", account_type="CASH")
    return account


def test_manual_account_round_trip_keeps_money_exact(accounts_api, members_api, raw, user_guid):
    account, raw_account = create_account(
        accounts_api, user_guid, name="Savings jar", account_type="SAVINGS", balance=1234567.89, apy=0.10,
        currency_code="USD", nickname="jar", metadata='{"k": 1}')
    assert account.guid.startswith("ACT-") and account.is_manual is True
    assert account.member_is_managed_by_user is True and account.institution_guid.startswith("INS-MANUAL")
    assert (account.name, account.type, account.nickname, account.metadata) == ("Savings jar", "SAVINGS", "jar", '{"k": 1}')
    text = raw.get(f"/users/{user_guid}/accounts/{account.guid}").text
    assert '"balance":1234567.89' in text and '"apy":0.1' in text, text

    member = members_api.read_member(account.member_guid, user_guid).member
    assert (member.is_manual, member.is_managed_by_user, member.connection_status) == (True, True, None)
    listed = members_api.list_members(user_guid).members
    assert [m.guid for m in listed] == [member.guid]
    other, _ = create_account(accounts_api, user_guid, name="Car", account_type="PROPERTY", property_type="VEHICLE")
    assert other.member_guid == member.guid, "one Manual Institution member per user"

    update = AccountUpdateRequestBody(account=AccountUpdateRequest(
        balance=0.1, name="Coins", account_subtype="NONE", is_closed=True, credit_limit=20))
    updated = accounts_api.update_account_by_member(account.guid, member.guid, user_guid, update).account
    assert (updated.balance, updated.name, updated.subtype, updated.is_closed, updated.credit_limit) == (
        0.1, "Coins", "NONE", True, 20)
    assert accounts_api.read_account(account.guid, user_guid).account.balance == 0.1

    accounts_api.delete_manual_account(account.guid, V1, user_guid)
    with pytest.raises(NotFoundException):
        accounts_api.read_account(account.guid, user_guid)


def test_manual_transactions_are_flat_and_deletable(transactions_api, raw, user_guid, jar):
    created, text = create_transaction(
        transactions_api, user_guid, jar.guid, amount=0.10, var_date="2024-03-05", description="Gum",
        type="DEBIT", memo="corner shop")
    assert created.guid.startswith("MAN-"), text
    assert (created.amount, created.var_date, created.type, created.is_manual) == (0.1, "2024-03-05", "DEBIT", True)
    assert json.loads(text)["amount"] == 0.1 and "transaction" not in json.loads(text), text
    raw_exact = raw.post(f"/users/{user_guid}/accounts/{jar.guid}/transactions", data=(
        '{"transaction":{"amount":1234567.89,"date":"2024-03-06","description":"Sale","type":"CREDIT"}}'),
        headers={"Content-Type": "application/json"})
    assert raw_exact.status_code == 200 and '"amount":1234567.89' in raw_exact.text, raw_exact.text

    listed = transactions_api.list_transactions_by_account(
        jar.guid, user_guid, from_date="2024-03-01", to_date="2024-03-31").transactions
    assert sorted(t.amount for t in listed) == [0.1, 1234567.89]
    read = transactions_api.read_transaction(user_guid, created.guid)
    assert read.transactions[0].memo == "corner shop"

    change = TransactionUpdateRequestBody(transaction=TransactionUpdateRequest(description="Chewing gum"))
    resp = transactions_api.update_transaction_by_account_with_http_info(
        user_guid, jar.member_guid, jar.guid, created.guid, change)
    assert resp.status_code == 200 and resp.data.transaction.description == "Chewing gum", resp.raw_data

    transactions_api.delete_manual_transactions(user_guid, created.guid)
    with pytest.raises(NotFoundException):
        transactions_api.read_transaction(user_guid, created.guid)


def test_update_transaction_by_account_checks_the_path(transactions_api, accounts_api, user_guid, jar):
    created, _ = create_transaction(
        transactions_api, user_guid, jar.guid, amount=3, var_date="2024-03-05", description="Tea", type="DEBIT")
    other, _ = create_account(accounts_api, user_guid, name="Other", account_type="CASH")
    change = TransactionUpdateRequestBody(transaction=TransactionUpdateRequest(memo="x"))
    with pytest.raises(NotFoundException) as caught:
        transactions_api.update_transaction_by_account(user_guid, jar.member_guid, other.guid, created.guid, change)
    assert_mx_error(caught.value, 404)
    change = TransactionUpdateRequestBody(transaction=TransactionUpdateRequest(category_guid=UNKNOWN_CATEGORY))
    with pytest.raises(ApiException) as caught:
        transactions_api.update_transaction_by_account(user_guid, jar.member_guid, jar.guid, created.guid, change)
    assert_mx_error(caught.value, 422)


def test_aggregated_accounts_and_transactions_are_not_manual(
        members_api, institutions_api, accounts_api, transactions_api, raw, user_guid):
    member = connect_mxbank(members_api, institutions_api, user_guid)
    account = accounts_api.list_member_accounts(user_guid, member.guid).accounts[0]
    assert account.is_manual is False
    with pytest.raises(ApiException) as caught:
        accounts_api.delete_manual_account(account.guid, V1, user_guid)
    assert_mx_error(caught.value, 422)
    balance = AccountUpdateRequestBody(account=AccountUpdateRequest(balance=1))
    with pytest.raises(ApiException) as caught:
        accounts_api.update_account_by_member(account.guid, member.guid, user_guid, balance)
    assert_mx_error(caught.value, 422, mentions=["balance"])
    hidden = AccountUpdateRequestBody(account=AccountUpdateRequest(is_hidden=True, nickname="Main"))
    assert accounts_api.update_account_by_member(account.guid, member.guid, user_guid, hidden).account.nickname == "Main"
    body = TransactionCreateRequestBody(transaction=TransactionCreateRequest(
        amount=1, var_date="2024-01-01", description="x", type="DEBIT"))
    with pytest.raises(ApiException) as caught:
        transactions_api.create_manual_transaction(user_guid, account.guid, body)
    assert_mx_error(caught.value, 422)
    aggregated = transactions_api.list_transactions_by_account(account.guid, user_guid).transactions[0]
    with pytest.raises(ApiException) as caught:
        transactions_api.delete_manual_transactions(user_guid, aggregated.guid)
    assert_mx_error(caught.value, 422)
    assert raw.get(f"/users/{user_guid}/transactions/{aggregated.guid}").status_code == 200


BAD_ACCOUNTS = {
    "missing-name": ({"account_type": "CASH"}, 400, ["account.name"]),
    "missing-type": ({"name": "x"}, 400, ["account.type"]),
    "unknown-type": ({"name": "x", "account_type": "PIGGY_BANK"}, 400, ["account.type"]),
    "negative-limit": ({"name": "x", "account_type": "CASH", "credit_limit": -5}, 400, ["account.credit_limit"]),
    "string-balance": ({"name": "x", "account_type": "CASH", "balance": "lots"}, 400, ["account.balance"]),
    "bool-name": ({"name": True, "account_type": "CASH"}, 400, ["account.name"]),
}


@pytest.mark.parametrize("case", BAD_ACCOUNTS)
def test_bad_manual_accounts_are_refused_without_a_member(raw, user_guid, case):
    account, status, mentions = BAD_ACCOUNTS[case]
    resp = raw.post(f"/users/{user_guid}/accounts", json={"account": account})
    assert_mx_error(resp, status, mentions)
    assert count_members(raw, user_guid) == 0, "a refused account must not create the manual member"


BAD_TRANSACTIONS = {
    "zero-amount": ({"amount": 0}, 400, ["transaction.amount"]),
    "negative-amount": ({"amount": -1.5}, 400, ["transaction.amount"]),
    "missing-amount": ({"amount": None}, 400, ["transaction.amount"]),
    "bad-type": ({"type": "SIDEWAYS"}, 400, ["transaction.type"]),
    "bad-date": ({"date": "03/05/2024"}, 400, ["transaction.date"]),
    "missing-description": ({"description": None}, 400, ["transaction.description"]),
    "unknown-category": ({"category_guid": UNKNOWN_CATEGORY}, 422, []),
}


@pytest.mark.parametrize("case", BAD_TRANSACTIONS)
def test_bad_manual_transactions_are_refused(raw, user_guid, jar, case):
    change, status, mentions = BAD_TRANSACTIONS[case]
    body = {"amount": 5, "date": "2024-01-01", "description": "x", "type": "DEBIT", **change}
    body = {k: v for k, v in body.items() if v is not None}
    path = f"/users/{user_guid}/accounts/{jar.guid}/transactions"
    assert_mx_error(raw.post(path, json={"transaction": body}), status, mentions)
    listed = raw.json_ok("GET", path, params={"from_date": "2000-01-01", "to_date": "2100-01-01"})
    assert listed["pagination"]["total_entries"] == 0


def test_other_users_and_clients_get_404(mx_for, server, users_api, accounts_api, raw, user_guid, jar):
    other_user = create_user(users_api).guid
    with pytest.raises(NotFoundException):
        accounts_api.delete_manual_account(jar.guid, V1, other_user)
    body = TransactionCreateRequestBody(transaction=TransactionCreateRequest(
        amount=1, var_date="2024-01-01", description="x", type="DEBIT"))
    with pytest.raises(NotFoundException):
        TransactionsApi(accounts_api.api_client).create_manual_transaction(other_user, jar.guid, body)
    stranger = AccountsApi(mx_for(server.new_client()))
    with pytest.raises(NotFoundException) as caught:
        stranger.delete_manual_account(jar.guid, V1, user_guid)
    assert_mx_error(caught.value, 404)
    assert raw.get(f"/users/{user_guid}/accounts/{jar.guid}").status_code == 200
