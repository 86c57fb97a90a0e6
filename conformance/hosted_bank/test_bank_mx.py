"""End to end through the official MX SDK: a customer of the hosted bank moves money
with the Apiture API (plain HTTP), the clock reaches the transfer's business day, and
a partner app that connected an MX member at ``polyfin`` with the customer's
online-banking credentials sees the transfer on both accounts, with the card
purchase and the check beside it, categorized."""

import time

from mx_platform_python import AccountsApi, ApiClient, Configuration, MembersApi, TransactionsApi, UsersApi
from mx_platform_python.models import (
    CredentialRequest,
    MemberCreateRequest,
    MemberCreateRequestBody,
    UserCreateRequest,
    UserCreateRequestBody,
)

from bank_helpers import BANK, INSTITUTION, cli, run_transfer

POLL_S = 0.05
DEADLINE_S = 30.0


def mx_client(server, client) -> ApiClient:
    return ApiClient(Configuration(host=server.base_url, username=client.client_id, password=client.api_key))


def connect_member(api: ApiClient, username: str, password: str):
    """A user and a CONNECTED member at ``polyfin``; returns (user_guid, member_guid)."""
    user = UsersApi(api).create_user(UserCreateRequestBody(user=UserCreateRequest())).user
    members = MembersApi(api)
    fields = api_credentials(api)
    credentials = [
        CredentialRequest(guid=guid, value=password if name == "PASSWORD" else username)
        for name, guid in fields.items()
    ]
    created = members.create_member_with_http_info(
        user.guid,
        MemberCreateRequestBody(member=MemberCreateRequest(institution_code=INSTITUTION, credentials=credentials)),
    )
    assert created.status_code == 202, created.raw_data
    member = created.data.member
    deadline = time.monotonic() + DEADLINE_S
    while True:
        status = members.read_member_status(member.guid, user.guid).member
        if status.is_being_aggregated is False:
            break
        assert time.monotonic() < deadline, status
        time.sleep(POLL_S)
    assert status.connection_status == "CONNECTED", status
    return user.guid, member.guid


def api_credentials(api: ApiClient) -> dict:
    from mx_platform_python import InstitutionsApi

    listed = InstitutionsApi(api).list_institution_credentials(INSTITUTION).credentials
    fields = {c.field_name: c.guid for c in listed}
    assert sorted(fields) == ["LOGIN", "PASSWORD"], listed
    return fields


def test_a_transfer_appears_on_both_accounts_through_the_mx_sdk(hosted_bank, customer, client):
    server = hosted_bank
    cli(server, "card", "--bank", BANK, "--account", customer.checking, "--amount", "12.40",
        "--merchant", "Joe's Corner Diner", "--mcc", "5814")
    cli(server, "check", "--bank", BANK, "--account", customer.checking, "--number", "1042",
        "--amount", "89.99", "--payee", "City Water Dept")
    done = run_transfer(server, customer, customer.checking, customer.savings, "275.00")
    assert done["amount"] == "275.00"
    balances = customer.call("GET", "/accountBalances",
                             params={"accounts": f"{customer.checking},{customer.savings}"})
    assert [b["available"] for b in balances["items"]] == ["622.61", "525.00"], balances

    api = mx_client(server, client)
    try:
        user_guid, member_guid = connect_member(api, customer.username, customer.password)
        accounts = AccountsApi(api).list_member_accounts(user_guid, member_guid, records_per_page=100).accounts
        by_type = {a.type: a for a in accounts}
        assert set(by_type) == {"CHECKING", "SAVINGS"}, accounts
        assert by_type["CHECKING"].balance == 622.61
        assert by_type["SAVINGS"].balance == 525.00
        assert by_type["CHECKING"].institution_code == INSTITUTION

        rows = TransactionsApi(api).list_transactions_by_member(
            member_guid, user_guid, records_per_page=100).transactions
        by_account = {}
        for row in rows:
            by_account.setdefault(row.account_guid, []).append(row)
        checking = {(r.type, r.amount): r for r in by_account[by_type["CHECKING"].guid]}
        savings = {(r.type, r.amount): r for r in by_account[by_type["SAVINGS"].guid]}

        out = checking[("DEBIT", 275.0)]
        into = savings[("CREDIT", 275.0)]
        for row in (out, into):
            assert row.category == "Transfer", row
            assert row.top_level_category == "Transfer", row
            assert row.status == "POSTED", row
        assert out.description == "Transfer to Savings", out
        assert into.description == "Transfer from Checking", into
        assert out.original_description.startswith("ONLINE TRANSFER TO SAVINGS *"), out
        assert out.var_date == into.var_date == done["processedAt"][:10], (out, into)

        card = checking[("DEBIT", 12.4)]
        assert card.category == "Fast Food", card
        assert card.top_level_category == "Food & Dining", card
        assert card.merchant_category_code == 5814, card
        assert card.original_description == "DEBIT CARD PURCHASE JOE'S CORNER DINER", card
        check = checking[("DEBIT", 89.99)]
        assert check.category == "Check", check
        assert check.check_number_string == "1042", check
        # Opening balances establish a balance and move no money: not transactions.
        assert set(checking) == {("DEBIT", 12.4), ("DEBIT", 89.99), ("DEBIT", 275.0)}, checking
        assert set(savings) == {("CREDIT", 275.0)}, savings
    finally:
        api.close()
        api.rest_client.pool_manager.clear()
