"""Partner-managed data through the official SDK (ManagedDataApi): members (202 on
create, not managed by the user, absent from the user-managed member list),
accounts with a unique partner id, transactions whose amount the SDK sends as a
string, updates, deletes, the 25-member limit and refusals."""

import json

import pytest
from mx_platform_python import ManagedDataApi
from mx_platform_python.exceptions import ApiException, NotFoundException
from mx_platform_python.models import (
    ManagedAccountCreateRequest,
    ManagedAccountCreateRequestBody,
    ManagedAccountUpdateRequest,
    ManagedAccountUpdateRequestBody,
    ManagedMemberCreateRequest,
    ManagedMemberCreateRequestBody,
    ManagedMemberUpdateRequest,
    ManagedMemberUpdateRequestBody,
    ManagedTransactionCreateRequest,
    ManagedTransactionCreateRequestBody,
    ManagedTransactionUpdateRequest,
    ManagedTransactionUpdateRequestBody,
)

from .helpers import V1, assert_mx_error, assert_pagination, unique
from .members_helpers import MXBANK, count_members, create_mxbank_member

MEMBER_LIMIT = 25


@pytest.fixture
def managed_api(mx) -> ManagedDataApi:
    return ManagedDataApi(mx)


def create_member(managed_api, user_guid, **fields):
    body = ManagedMemberCreateRequestBody(member=ManagedMemberCreateRequest(institution_code=MXBANK, **fields))
    resp = managed_api.create_managed_member_with_http_info(user_guid, body)
    assert resp.status_code == 202, f"{resp.status_code} {resp.raw_data!r}"
    return resp.data.member


def create_account(managed_api, user_guid, member_guid, **fields):
    fields = {"id": unique("acct"), "name": "Checking", "type": "CHECKING", "balance": 100, **fields}
    body = ManagedAccountCreateRequestBody(account=ManagedAccountCreateRequest(**fields))
    resp = managed_api.create_managed_account_with_http_info(member_guid, user_guid, body)
    assert resp.status_code == 200, resp.raw_data
    return resp.data.account, json.loads(resp.raw_data)["account"]


def transaction_fields(**fields):
    return {"amount": "61.11", "description": "WHOLEFDS TSQ 102", "status": "POSTED", "type": "DEBIT",
            "posted_at": "2024-05-02T10:00:00Z", "transacted_at": "2024-05-01T09:30:00Z", **fields}


def create_transaction(managed_api, user_guid, member_guid, account_guid, **fields):
    body = ManagedTransactionCreateRequestBody(transaction=ManagedTransactionCreateRequest(**transaction_fields(**fields)))
    resp = managed_api.create_managed_transaction_with_http_info(account_guid, member_guid, user_guid, body)
    assert resp.status_code == 200, resp.raw_data
    return resp.data.transaction, json.loads(resp.raw_data)["transaction"]


def test_managed_institutions_are_paginated(managed_api):
    body = managed_api.list_managed_institutions(page=1, records_per_page=10)
    assert 0 < len(body.institutions) <= 10
    assert_pagination(body.pagination, current_page=1, per_page=10)
    assert any(i.code == MXBANK for i in managed_api.list_managed_institutions(records_per_page=1000).institutions)


def test_managed_member_lifecycle(managed_api, members_api, raw, user_guid):
    partner_id = unique("managed")
    member = create_member(managed_api, user_guid, id=partner_id, name="Partner data", metadata="m")
    assert (member.is_managed_by_user, member.is_manual, member.connection_status) == (False, False, None)
    assert (member.id, member.name, member.metadata, member.institution_code) == (partner_id, "Partner data", "m", MXBANK)
    assert count_members(raw, user_guid) == 0, "GET members lists only user-managed members"
    assert [m.guid for m in managed_api.list_managed_members(user_guid).members] == [member.guid]
    assert managed_api.read_managed_member(member.guid, user_guid).member.guid == member.guid
    with pytest.raises(ApiException) as caught:
        members_api.aggregate_member(member.guid, user_guid)
    assert_mx_error(caught.value, 422)

    update = ManagedMemberUpdateRequestBody(member=ManagedMemberUpdateRequest(name="Renamed"))
    assert managed_api.update_managed_member(member.guid, user_guid, update).member.name == "Renamed"
    managed_api.delete_managed_member(member.guid, V1, user_guid)
    with pytest.raises(NotFoundException):
        managed_api.read_managed_member(member.guid, user_guid)


def test_managed_accounts_and_transactions_round_trip(managed_api, raw, user_guid):
    member = create_member(managed_api, user_guid)
    account, raw_account = create_account(
        managed_api, user_guid, member.guid, id="acct-1", balance=1234567.89, routing_number="091000019",
        account_number="000123456789", day_payment_is_due=12)
    assert (account.id, account.member_is_managed_by_user, account.is_manual) == ("acct-1", False, False)
    assert raw_account["routing_number"] == "091000019" and raw_account["day_payment_is_due"] == 12
    path = f"/users/{user_guid}/managed_members/{member.guid}/accounts/{account.guid}"
    assert '"balance":1234567.89' in raw.get(path).text
    with pytest.raises(ApiException) as caught:
        create_account(managed_api, user_guid, member.guid, id="acct-1")
    assert_mx_error(caught.value, 409, mentions=["id"])
    update = ManagedAccountUpdateRequestBody(account=ManagedAccountUpdateRequest(balance=0.1, nickname="n"))
    assert managed_api.update_managed_account(account.guid, member.guid, user_guid, update).account.balance == 0.1

    txn, raw_txn = create_transaction(managed_api, user_guid, member.guid, account.guid, id="t-1", category="Groceries")
    assert raw_txn["amount"] == 61.11 and '"amount":61.11' in raw.get(f"{path}/transactions/{txn.guid}").text
    assert (txn.id, txn.category, txn.var_date, txn.member_is_managed_by_user) == ("t-1", "Groceries", "2024-05-01", False)
    with pytest.raises(ApiException) as caught:
        create_transaction(managed_api, user_guid, member.guid, account.guid, id="t-1")
    assert_mx_error(caught.value, 409, mentions=["id"])
    change = ManagedTransactionUpdateRequestBody(transaction=ManagedTransactionUpdateRequest(amount="0.10", memo="m"))
    resp = managed_api.update_managed_transaction_with_http_info(account.guid, member.guid, txn.guid, user_guid, change)
    assert resp.status_code == 200 and json.loads(resp.raw_data)["transaction"]["amount"] == 0.1, resp.raw_data
    listed = managed_api.list_managed_transactions(
        account.guid, member.guid, user_guid, from_date="2024-04-01", to_date="2024-06-01")
    assert [t.guid for t in listed.transactions] == [txn.guid]

    managed_api.delete_managed_transaction(account.guid, member.guid, txn.guid, user_guid)
    with pytest.raises(NotFoundException):
        managed_api.read_managed_transaction(account.guid, member.guid, txn.guid, user_guid)
    managed_api.delete_managed_account(account.guid, member.guid, user_guid)
    assert managed_api.list_managed_accounts(member.guid, user_guid).accounts == []


def test_managed_members_count_toward_the_member_limit(managed_api, members_api, institutions_api, raw, user_guid):
    create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True)
    for _ in range(MEMBER_LIMIT - 1):
        create_member(managed_api, user_guid)
    with pytest.raises(ApiException) as caught:
        create_member(managed_api, user_guid)
    assert_mx_error(caught.value, 422)
    assert count_members(raw, user_guid) == 1


def test_managed_routes_hold_only_managed_members(managed_api, members_api, institutions_api, user_guid):
    regular = create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True)
    with pytest.raises(NotFoundException):
        managed_api.read_managed_member(regular.guid, user_guid)
    with pytest.raises(NotFoundException):
        managed_api.list_managed_accounts(regular.guid, user_guid)


BAD_MEMBERS = {
    "unknown-institution": ({"institution_code": "no_such_bank"}, 404, []),
    "missing-institution": ({"name": "x"}, 400, ["member.institution_code"]),
    "number-name": ({"institution_code": MXBANK, "name": 5}, 400, ["member.name"]),
}


@pytest.mark.parametrize("case", BAD_MEMBERS)
def test_bad_managed_members_are_refused(raw, user_guid, case):
    member, status, mentions = BAD_MEMBERS[case]
    assert_mx_error(raw.post(f"/users/{user_guid}/managed_members", json={"member": member}), status, mentions)
    listed = raw.json_ok("GET", f"/users/{user_guid}/managed_members")
    assert listed["pagination"]["total_entries"] == 0


BAD_TRANSACTIONS = {
    "text-amount": ({"amount": "lots"}, 400, ["transaction.amount"]),
    "zero-amount": ({"amount": "0.00"}, 400, ["transaction.amount"]),
    "negative-amount": ({"amount": "-4.00"}, 400, ["transaction.amount"]),
    "bad-status": ({"status": "DONE"}, 400, ["transaction.status"]),
    "bad-type": ({"type": "UP"}, 400, ["transaction.type"]),
    "bad-time": ({"posted_at": "yesterday"}, 400, ["transaction.posted_at"]),
    "missing-description": ({"description": None}, 400, ["transaction.description"]),
    "unknown-category": ({"category": "Not A Category"}, 422, []),
}


@pytest.mark.parametrize("case", BAD_TRANSACTIONS)
def test_bad_managed_transactions_write_nothing(managed_api, raw, user_guid, case):
    member = create_member(managed_api, user_guid)
    account, _ = create_account(managed_api, user_guid, member.guid)
    change, status, mentions = BAD_TRANSACTIONS[case]
    body = {k: v for k, v in transaction_fields(**change).items() if v is not None}
    path = f"/users/{user_guid}/managed_members/{member.guid}/accounts/{account.guid}/transactions"
    assert_mx_error(raw.post(path, json={"transaction": body}), status, mentions)
    listed = raw.json_ok("GET", path, params={"from_date": "2000-01-01", "to_date": "2100-01-01"})
    assert listed["pagination"]["total_entries"] == 0


def test_other_clients_objects_are_404(mx_for, server, managed_api, user_guid):
    member = create_member(managed_api, user_guid)
    account, _ = create_account(managed_api, user_guid, member.guid)
    stranger = ManagedDataApi(mx_for(server.new_client()))
    with pytest.raises(NotFoundException) as caught:
        stranger.read_managed_account(account.guid, member.guid, user_guid)
    assert_mx_error(caught.value, 404)
    with pytest.raises(NotFoundException):
        stranger.delete_managed_member(member.guid, V1, user_guid)
    assert managed_api.read_managed_member(member.guid, user_guid).member.guid == member.guid
