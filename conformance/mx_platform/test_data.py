"""Aggregated data of a CONNECTED MX Bank member through the official SDK:
accounts (list / read / update), transactions (lists, date window, pagination,
read, update) and what a second aggregation does to them."""

import collections
import datetime
import functools

import pytest
from mx_platform_python.exceptions import ApiException, NotFoundException
from mx_platform_python.models import (
    AccountUpdateRequest,
    AccountUpdateRequestBody,
    TransactionUpdateRequest,
    TransactionUpdateRequestBody,
)

from .helpers import assert_mx_error, assert_pagination, list_all
from .members_helpers import (
    DAY_S,
    MXBANK,
    connect_mxbank,
    create_mxbank_member,
    is_cents,
    is_number,
    parse_date,
    raw_list_all,
    server_today,
    start_job,
    wait_for_status,
)

DAY = datetime.timedelta(days=1)
MONEY_FIELDS = [
    "balance", "available_balance", "available_credit", "credit_limit", "original_balance", "payoff_balance",
    "minimum_payment", "last_payment", "statement_balance", "cash_balance", "loan_amount",
]
TRANSACTION_BOOLS = [
    "is_bill_pay", "is_direct_deposit", "is_expense", "is_fee", "is_income", "is_overdraft_fee",
    "is_payroll_advance", "is_subscription",
]
UNKNOWN_CATEGORY = "CAT-00000000-0000-0000-0000-000000000000"


@pytest.fixture
def member(members_api, institutions_api, user_guid):
    """A CONNECTED MX Bank member of the test's own user."""
    return connect_mxbank(members_api, institutions_api, user_guid)


def check_account_json(account: dict, user_guid: str, member_guid: str) -> None:
    assert account["guid"].startswith("ACT-"), account
    assert (account["user_guid"], account["member_guid"], account["institution_code"]) == (
        user_guid, member_guid, MXBANK), account
    assert isinstance(account["type"], str) and account["type"], account
    assert isinstance(account["name"], str) and account["name"], account
    assert is_number(account["balance"]), f"balance must be a JSON number: {account['balance']!r}"
    for key in MONEY_FIELDS:
        if account.get(key) is not None:
            assert is_cents(account[key]), f"{key}={account[key]!r} is not a number exact to cents"
    for key in ("is_hidden", "is_closed"):
        assert isinstance(account[key], bool), f"{key}={account[key]!r}"
    assert isinstance(account["created_at"], str) and account["created_at"], account


def check_transaction_json(txn: dict, from_date: datetime.date, to_date: datetime.date) -> None:
    assert txn["guid"].startswith("TRN-"), txn
    assert txn["account_guid"].startswith("ACT-") and txn["member_guid"].startswith("MBR-"), txn
    assert is_cents(txn["amount"]) and txn["amount"] > 0, f"amount={txn['amount']!r}"
    assert txn["type"] in ("CREDIT", "DEBIT"), txn
    assert txn["status"] in ("POSTED", "PENDING"), txn
    assert from_date <= parse_date(txn["date"]) <= to_date, f"date {txn['date']} not in [{from_date}, {to_date}]"
    assert txn["category_guid"].startswith("CAT-"), txn
    for key in ("category", "top_level_category", "description", "original_description"):
        assert isinstance(txn[key], str) and txn[key], f"{key}={txn[key]!r}"
    for key in TRANSACTION_BOOLS:
        assert isinstance(txn[key], bool), f"{key}={txn[key]!r}"
    for key in ("is_recurring", "is_international"):
        assert txn[key] is None or isinstance(txn[key], bool), f"{key}={txn[key]!r}"
    mcc = txn["merchant_category_code"]
    assert mcc is None or (isinstance(mcc, int) and not isinstance(mcc, bool)), f"merchant_category_code={mcc!r}"


def user_transactions(raw, user_guid, **params) -> list:
    return raw_list_all(raw, f"/users/{user_guid}/transactions", "transactions", **params)


def guids(items) -> list:
    return [getattr(i, "guid", None) or i["guid"] for i in items]


# -- accounts ---------------------------------------------------------------------


def test_member_accounts(accounts_api, raw, user_guid, member):
    listed = list_all(functools.partial(accounts_api.list_member_accounts, user_guid, member.guid), "accounts")
    raw_accounts = raw_list_all(raw, f"/users/{user_guid}/members/{member.guid}/accounts", "accounts")

    assert 1 <= len(listed) <= 5, guids(listed)
    assert "CHECKING" in {a.type for a in listed}
    assert guids(raw_accounts) == guids(listed)
    for account in raw_accounts:
        check_account_json(account, user_guid, member.guid)
        assert account["is_hidden"] is False
    assert guids(list_all(functools.partial(accounts_api.list_user_accounts, user_guid), "accounts")) == guids(listed)
    for account in listed:
        assert accounts_api.read_account(account.guid, user_guid).account == account
        assert accounts_api.read_account_by_member(account.guid, member.guid, user_guid).account == account


def test_hide_an_account(accounts_api, raw, user_guid, member):
    account = accounts_api.list_member_accounts(user_guid, member.guid).accounts[0]

    for hidden in (True, False):
        body = AccountUpdateRequestBody(account=AccountUpdateRequest(is_hidden=hidden))
        resp = accounts_api.update_account_by_member_with_http_info(account.guid, member.guid, user_guid, body)

        assert resp.status_code == 200, resp.raw_data
        assert resp.data.account.guid == account.guid and resp.data.account.is_hidden is hidden
        read = accounts_api.read_account(account.guid, user_guid).account
        assert read.is_hidden is hidden
        assert (read.balance, read.name, read.type) == (account.balance, account.name, account.type)
        assert raw.json_ok("GET", f"/users/{user_guid}/accounts/{account.guid}")["account"]["is_hidden"] is hidden


def test_account_under_another_member_is_404(members_api, institutions_api, accounts_api, raw, user_guid, member):
    other = create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True)
    account = accounts_api.list_member_accounts(user_guid, member.guid).accounts[0]

    with pytest.raises(NotFoundException) as exc:
        accounts_api.read_account_by_member(account.guid, other.guid, user_guid)
    assert_mx_error(exc.value, 404)
    body = AccountUpdateRequestBody(account=AccountUpdateRequest(is_hidden=True))
    with pytest.raises(NotFoundException) as exc:
        accounts_api.update_account_by_member(account.guid, other.guid, user_guid, body)
    assert_mx_error(exc.value, 404)
    assert accounts_api.read_account(account.guid, user_guid).account.is_hidden is False
    assert_mx_error(raw.get(f"/users/{user_guid}/accounts/ACT-00000000-0000-0000-0000-000000000000"), 404)


# -- transaction lists --------------------------------------------------------------


def test_transactions_in_the_default_window(transactions_api, accounts_api, raw, user_guid, member, advance_clock):
    today = server_today(advance_clock)
    window = (today - 90 * DAY, today + 5 * DAY)

    listed = list_all(functools.partial(transactions_api.list_transactions, user_guid), "transactions")
    raw_txns = user_transactions(raw, user_guid)

    assert listed, "a CONNECTED MX Bank member has transactions"
    assert guids(raw_txns) == guids(listed)
    assert len(set(guids(listed))) == len(listed)
    accounts = {a.guid for a in accounts_api.list_member_accounts(user_guid, member.guid).accounts}
    for txn in raw_txns:
        check_transaction_json(txn, *window)
        assert (txn["user_guid"], txn["member_guid"]) == (user_guid, member.guid)
        assert txn["account_guid"] in accounts
    by_member = list_all(
        functools.partial(transactions_api.list_transactions_by_member, member.guid, user_guid), "transactions")
    assert sorted(guids(by_member)) == sorted(guids(listed))
    by_account = [
        t.guid for account in accounts
        for t in list_all(functools.partial(transactions_api.list_transactions_by_account, account, user_guid),
                          "transactions")
    ]
    assert sorted(by_account) == sorted(guids(listed))


@pytest.mark.parametrize("endpoint", ["user", "member", "account"])
def test_date_filter(transactions_api, accounts_api, user_guid, member, endpoint):
    account = accounts_api.list_member_accounts(user_guid, member.guid).accounts[0].guid
    list_fn = {
        "user": functools.partial(transactions_api.list_transactions, user_guid),
        "member": functools.partial(transactions_api.list_transactions_by_member, member.guid, user_guid),
        "account": functools.partial(transactions_api.list_transactions_by_account, account, user_guid),
    }[endpoint]
    everything = list_all(list_fn, "transactions")
    dates = sorted({parse_date(t.var_date) for t in everything})
    assert len(dates) >= 3, f"need transactions on 3+ dates to test a window: {dates}"
    lo, hi = dates[len(dates) // 3], dates[2 * len(dates) // 3]

    window = list_all(list_fn, "transactions", from_date=lo.isoformat(), to_date=hi.isoformat())
    single_day = list_all(list_fn, "transactions", from_date=hi.isoformat(), to_date=hi.isoformat())

    assert sorted(guids(window)) == sorted(t.guid for t in everything if lo <= parse_date(t.var_date) <= hi)
    assert sorted(guids(single_day)) == sorted(t.guid for t in everything if parse_date(t.var_date) == hi)
    assert single_day, "the boundaries are inclusive"


@pytest.mark.parametrize("params", [
    {"from_date": "2024-13-01"},
    {"from_date": "yesterday"},
    {"to_date": "2024-01-01T00:00:00Z"},
    {"to_date": "20240101"},
    {"from_date": "2024-02-30"},
])
def test_bad_date_is_400(raw, user_guid, params):
    assert_mx_error(raw.get(f"/users/{user_guid}/transactions", params=params), 400)


def test_from_date_after_to_date_is_400(accounts_api, raw, user_guid, member):
    account = accounts_api.list_member_accounts(user_guid, member.guid).accounts[0].guid
    params = {"from_date": "2024-03-02", "to_date": "2024-03-01"}

    for path in (f"/users/{user_guid}/transactions", f"/users/{user_guid}/members/{member.guid}/transactions",
                 f"/users/{user_guid}/accounts/{account}/transactions"):
        assert_mx_error(raw.get(path, params=params), 400)


def test_transaction_pages_add_up(transactions_api, user_guid, member):
    first = transactions_api.list_transactions(user_guid, page=1, records_per_page=10)
    total = first.pagination.total_entries
    assert total > 10, f"need more than one page of transactions, got {total}"

    seen = []
    for page in range(1, first.pagination.total_pages + 1):
        body = transactions_api.list_transactions(user_guid, page=page, records_per_page=10)
        assert_pagination(body.pagination, current_page=page, per_page=10, total_entries=total)
        assert len(body.transactions) == min(10, total - 10 * (page - 1))
        seen.extend(guids(body.transactions))

    assert len(seen) == total
    assert len(set(seen)) == total, "a transaction appeared on two pages"
    assert sorted(seen) == sorted(guids(list_all(functools.partial(transactions_api.list_transactions, user_guid),
                                                 "transactions")))


# -- read and update one transaction --------------------------------------------------


def test_read_transaction(transactions_api, raw, user_guid, member):
    listed = transactions_api.list_transactions(user_guid).transactions[:3]
    assert listed

    for txn in listed:
        read = transactions_api.read_transaction(user_guid, txn.guid)
        assert [t.guid for t in read.transactions] == [txn.guid]
        assert read.transactions[0] == txn
        body = raw.json_ok("GET", f"/users/{user_guid}/transactions/{txn.guid}")
        assert body["transaction"] == body["transactions"][0], body
        assert body["transaction"]["guid"] == txn.guid


def test_update_transaction(transactions_api, raw, user_guid, member):
    txns = user_transactions(raw, user_guid)
    target = txns[0]
    other = next((t for t in txns if t["category_guid"] != target["category_guid"]), None)
    assert other, "need transactions in two categories"
    new_date = (parse_date(target["date"]) - DAY).isoformat()
    update = TransactionUpdateRequest(category_guid=other["category_guid"], description="Renamed by a test",
                                      memo="a memo", var_date=new_date)

    resp = transactions_api.update_transaction_with_http_info(
        user_guid, target["guid"], TransactionUpdateRequestBody(transaction=update))

    assert resp.status_code == 200, resp.raw_data
    expected = {
        "guid": target["guid"], "category_guid": other["category_guid"], "category": other["category"],
        "top_level_category": other["top_level_category"], "description": "Renamed by a test", "memo": "a memo",
        "date": new_date, "amount": target["amount"], "original_description": target["original_description"],
    }
    updated = resp.data.transaction.to_dict()
    assert {k: updated.get(k) for k in expected} == expected
    stored = raw.json_ok("GET", f"/users/{user_guid}/transactions/{target['guid']}")["transaction"]
    assert {k: stored[k] for k in expected} == expected


def test_update_transaction_with_an_unknown_category_is_422(transactions_api, raw, user_guid, member):
    target = user_transactions(raw, user_guid)[0]
    body = TransactionUpdateRequestBody(transaction=TransactionUpdateRequest(category_guid=UNKNOWN_CATEGORY,
                                                                             description="never stored"))

    with pytest.raises(ApiException) as exc:
        transactions_api.update_transaction(user_guid, target["guid"], body)

    assert_mx_error(exc.value, 422)
    assert raw.json_ok("GET", f"/users/{user_guid}/transactions/{target['guid']}")["transaction"] == target


def test_transaction_of_another_user_is_404(transactions_api, raw, user_guid, member):
    txn = transactions_api.list_transactions(user_guid).transactions[0]
    other_user = raw.json_ok("POST", "/users", json={"user": {}})["user"]["guid"]

    with pytest.raises(NotFoundException) as exc:
        transactions_api.read_transaction(other_user, txn.guid)
    assert_mx_error(exc.value, 404)
    body = TransactionUpdateRequestBody(transaction=TransactionUpdateRequest(memo="stolen"))
    with pytest.raises(NotFoundException):
        transactions_api.update_transaction(other_user, txn.guid, body)
    assert transactions_api.read_transaction(user_guid, txn.guid).transactions[0].memo == txn.memo


# -- a second aggregation ----------------------------------------------------------------


def test_second_aggregation_merges_transactions(members_api, raw, user_guid, member, advance_clock):
    start = server_today(advance_clock)
    before = user_transactions(raw, user_guid, from_date=(start - 100 * DAY).isoformat(),
                               to_date=(start + 10 * DAY).isoformat())
    assert before
    pending = [t["guid"] for t in before if t["status"] == "PENDING"]
    newest_before = max(parse_date(t["date"]) for t in before)

    advance_clock(3 * DAY_S)
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")  # a background refresh may be running
    start_job(members_api.aggregate_member_with_http_info, member.guid, user_guid)
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")

    today = server_today(advance_clock)
    assert today >= start + 3 * DAY
    after = user_transactions(raw, user_guid, from_date=(start - 100 * DAY).isoformat(),
                              to_date=(today + 10 * DAY).isoformat())
    by_guid = {t["guid"]: t for t in after}
    assert len(by_guid) == len(after)
    identities = collections.Counter(
        (t["account_guid"], t["original_description"], t["amount"], t["date"], t["transacted_at"]) for t in after)
    duplicates = [identity for identity, n in identities.items() if n > 1]
    assert not duplicates, f"the second aggregation duplicated transactions: {duplicates[:5]}"
    # Only an authorization hold the bank stopped reporting may go, and it was pending.
    missing = [t for t in before if t["guid"] not in by_guid]
    lost = [t["guid"] for t in missing
            if t["status"] != "PENDING" or not t["original_description"].startswith("AUTH HOLD ")]
    assert not lost, f"transactions lost by the second aggregation: {lost[:5]}"
    changed = [t["guid"] for t in before if t["guid"] in by_guid and by_guid[t["guid"]]["amount"] != t["amount"]]
    assert not changed, f"amounts changed: {changed[:5]}"
    for guid in pending:
        now = by_guid.get(guid)
        if now is None:
            continue  # a released hold, checked above
        if parse_date(now["date"]) <= today - 2 * DAY:
            assert now["status"] == "POSTED", f"pending transaction not posted after 3 days: {now}"
    assert max(parse_date(t["date"]) for t in after) > newest_before, "no new transactions after 3 days"
    for txn in after:
        check_transaction_json(txn, start - 100 * DAY, today + 10 * DAY)

    # The first aggregation reached 90 days back from `start`: some of it now
    # falls out of the default window (90 days back to 5 days ahead of today).
    in_window = [t["guid"] for t in after if today - 90 * DAY <= parse_date(t["date"]) <= today + 5 * DAY]
    assert len(in_window) < len(after), "expected transactions older than the default window"
    assert sorted(guids(user_transactions(raw, user_guid))) == sorted(in_window)
