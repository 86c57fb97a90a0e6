"""Accounts, transactions (with date filters and pagination), merchants and
cleanse-and-categorize through the Atrium SDK."""

import datetime

from atrium import TransactionCleanseAndCategorizeRequest, TransactionsCleanseAndCategorizeRequestBody

from atrium_helpers import assert_atrium_error, connect, list_all, sdk_error

ACCOUNT_FIELDS = 38


def test_accounts(atrium, raw, user_guid):
    member = connect(atrium, user_guid)
    accounts = atrium.accounts.list_user_accounts(user_guid).accounts
    assert accounts and {a.member_guid for a in accounts} == {member.guid}
    assert any(a.type == "CHECKING" for a in accounts)
    assert all(isinstance(a.balance, (int, float)) for a in accounts)
    by_member = atrium.members.list_member_accounts(member.guid, user_guid)
    assert [a.guid for a in by_member.accounts] == [a.guid for a in accounts]
    assert by_member.pagination.total_entries == len(accounts)

    first = accounts[0]
    read = atrium.accounts.read_account(first.guid, user_guid).account
    assert (read.guid, read.name, read.balance, read.user_guid) == (first.guid, first.name, first.balance, user_guid)
    by_guid = atrium.accounts.read_account_by_member_guid(first.guid, member.guid, user_guid).account
    assert by_guid.guid == first.guid and by_guid.institution_code == "mxbank"

    wire = raw.json_ok("GET", f"/users/{user_guid}/accounts/{first.guid}")["account"]
    assert len(wire) >= ACCOUNT_FIELDS and "death_benefit" in wire and "total_account_value" in wire
    assert isinstance(wire["is_closed"], bool)


def test_transactions_with_dates_and_pages(atrium, raw, user_guid):
    member = connect(atrium, user_guid)
    everything = list_all(atrium.transactions.list_user_transactions, "transactions", user_guid)
    assert len(everything) > 20
    dates = sorted(t._date for t in everything)
    middle = datetime.date.fromisoformat(dates[len(dates) // 2])
    start, end = middle - datetime.timedelta(days=7), middle
    window = list_all(
        atrium.transactions.list_user_transactions,
        "transactions",
        user_guid,
        from_date=start.isoformat(),
        to_date=end.isoformat(),
    )
    assert window and len(window) < len(everything)
    inside = [t for t in everything if start.isoformat() <= t._date <= end.isoformat()]
    assert {t.guid for t in window} == {t.guid for t in inside}

    page = atrium.transactions.list_user_transactions(user_guid, page=2, records_per_page=10)
    assert len(page.transactions) == 10 and page.pagination.current_page == 2
    assert page.pagination.total_pages == -(-page.pagination.total_entries // 10)

    by_member = list_all(atrium.members.list_member_transactions, "transactions", member.guid, user_guid)
    assert {t.guid for t in by_member} == {t.guid for t in everything}
    account = atrium.accounts.list_user_accounts(user_guid).accounts[0]
    by_account = list_all(atrium.accounts.list_account_transactions, "transactions", account.guid, user_guid)
    assert by_account and all(t.account_guid == account.guid for t in by_account)

    one = everything[0]
    read = atrium.transactions.read_transaction(one.guid, user_guid).transaction
    assert (read.guid, read.amount, read._date, read.type) == (one.guid, one.amount, one._date, one.type)
    assert read.type in ("DEBIT", "CREDIT") and read.amount > 0
    assert read.category and read.top_level_category

    wire = raw.json_ok("GET", f"/users/{user_guid}/transactions/{one.guid}")["transaction"]
    assert "date" in wire and "check_number" in wire
    checks = [t for t in everything if t.check_number_string]
    for t in checks:
        assert t.check_number == (int(t.check_number_string) if t.check_number_string.isdigit() else None)


def test_bad_dates_are_400(atrium, user_guid):
    error = sdk_error(atrium.transactions.list_user_transactions, user_guid, from_date="2024-13-40")
    assert_atrium_error(error, 400, mentions=["from_date"])
    error = sdk_error(atrium.transactions.list_user_transactions, user_guid, from_date="2024-02-01", to_date="2024-01-01")
    assert_atrium_error(error, 400)


def test_merchants_from_transactions(atrium, user_guid):
    connect(atrium, user_guid)
    transactions = list_all(atrium.transactions.list_user_transactions, "transactions", user_guid)
    with_merchant = [t for t in transactions if t.merchant_guid]
    assert with_merchant
    sample = with_merchant[0]
    merchant = atrium.merchants.read_merchant(sample.merchant_guid).merchant
    assert merchant.guid == sample.merchant_guid and merchant.name == sample.description
    assert merchant.website_url.startswith("https://")

    locations = atrium.merchants.list_merchant_locations(merchant.guid)
    assert 1 <= len(locations.merchant_locations) == locations.pagination.total_entries
    store = locations.merchant_locations[0]
    assert store.guid.startswith("MCL-") and store.merchant_guid == merchant.guid
    assert store.city and store.state and store.postal_code and store.street_address
    assert isinstance(store.latitude, float) and isinstance(store.longitude, float)
    read = atrium.merchants.read_merchant_location(merchant.guid, store.guid).merchant_location
    assert (read.guid, read.street_address, read.store_number) == (store.guid, store.street_address, store.store_number)
    again = atrium.merchants.list_merchant_locations(merchant.guid).merchant_locations
    assert [s.guid for s in again] == [s.guid for s in locations.merchant_locations]

    assert_atrium_error(sdk_error(atrium.merchants.read_merchant_location, merchant.guid, "MCL-nope"), 404)
    assert_atrium_error(sdk_error(atrium.merchants.read_merchant, "MCH-nope"), 404)


def test_list_merchants(atrium):
    first = atrium.merchants.list_merchants(records_per_page=10)
    assert len(first.merchants) == 10 and first.pagination.total_entries > 100
    everything = list_all(atrium.merchants.list_merchants, "merchants")
    assert len({m.guid for m in everything}) == len(everything)
    assert all(m.guid.startswith("MCH-") and m.name for m in everything)


def test_cleanse_and_categorize(atrium, raw):
    rows = [
        TransactionCleanseAndCategorizeRequest(
            amount=61.11, description="WHOLEFDS TSQ 102 NEW YORK NY", identifier="a", type="DEBIT",
            merchant_category_code=5411,
        ),
        TransactionCleanseAndCategorizeRequest(amount=11.22, description="NETFLIX.COM 866-579-7172 CA", identifier="b"),
        TransactionCleanseAndCategorizeRequest(
            amount=2500.0, description="ACME CORP PAYROLL PPD ID: 1234", identifier="c", type="CREDIT"
        ),
    ]
    body = TransactionsCleanseAndCategorizeRequestBody(transactions=rows)
    out = atrium.transactions.cleanse_and_categorize_transactions(body).transactions
    assert [t.identifier for t in out] == ["a", "b", "c"]
    groceries, netflix, pay = out
    assert (groceries.description, groceries.category, groceries.amount) == ("Whole Foods", "Groceries", 61.11)
    assert groceries.original_description == "WHOLEFDS TSQ 102 NEW YORK NY"
    assert groceries.merchant_guid.startswith("MCH-") and groceries.is_expense is True
    assert groceries.merchant_category_code == 5411 and groceries.type == "DEBIT"
    assert atrium.merchants.read_merchant(groceries.merchant_guid).merchant.name == "Whole Foods"
    assert netflix.description == "Netflix" and netflix.type is None
    assert pay.type == "CREDIT" and pay.is_income is True and pay.is_expense is False

    bad = raw.post("/transactions/cleanse_and_categorize", json={"transactions": [{"description": ""}]})
    assert_atrium_error(bad, 400, mentions=["transactions[0].description"])
    bad = raw.post("/transactions/cleanse_and_categorize", json={"transactions": [{"description": "x", "type": "UP"}]})
    assert_atrium_error(bad, 400, mentions=["transactions[0].type"])
    assert_atrium_error(raw.post("/transactions/cleanse_and_categorize", json={}), 400, mentions=["transactions"])
