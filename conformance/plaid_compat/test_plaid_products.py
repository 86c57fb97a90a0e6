"""Investments holdings, identity and liabilities through plaid-python's strict
models: every response must parse, and the values must agree with the accounts."""

from decimal import Decimal

import pytest
from plaid.model.identity_get_request import IdentityGetRequest
from plaid.model.investments_holdings_get_request import InvestmentsHoldingsGetRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
from plaid.model.liabilities_get_request import LiabilitiesGetRequest
from plaid.model.products import Products
from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest
from plaid.model.sandbox_public_token_create_request_options import (
    SandboxPublicTokenCreateRequestOptions,
)

from plaid_helpers import SANDBOX_INSTITUTION, api, link_item

# Sandbox households depend on the login; these are tried in order until one has an
# investment account (as the MX suite's INVESTOR_USERNAMES).
INVESTOR_USERNAMES = ("user_good", "test_atrium", "alice", "carol", "dave", "erin", "frank")
SECURITY_TYPES = {"cash", "cryptocurrency", "derivative", "equity", "etf", "fixed income",
                  "loan", "mutual fund", "other"}


def link_as(client_api, username, products=("transactions",)):
    public = client_api.sandbox_public_token_create(
        SandboxPublicTokenCreateRequest(
            institution_id=SANDBOX_INSTITUTION,
            initial_products=[Products(p) for p in products],
            options=SandboxPublicTokenCreateRequestOptions(override_username=username),
        )
    )
    return client_api.item_public_token_exchange(
        ItemPublicTokenExchangeRequest(public_token=public.public_token)
    ).access_token


@pytest.fixture
def client_api(server, client):
    return api(server, client)


@pytest.fixture
def investor(client_api):
    """``(access_token, holdings response)`` of an item with an investment account."""
    for username in INVESTOR_USERNAMES:
        token = link_as(client_api, username, ("transactions", "investments"))
        resp = client_api.investments_holdings_get(InvestmentsHoldingsGetRequest(access_token=token))
        if resp.accounts:
            return token, resp
    raise AssertionError(f"no household of {INVESTOR_USERNAMES} has an investment account")


def test_holdings_add_up_to_the_investment_balances(investor):
    _, resp = investor
    assert resp.holdings and resp.securities
    for account in resp.accounts:
        assert str(account.type) == "investment"
        held = [h for h in resp.holdings if h.account_id == account.account_id]
        assert held, account.account_id
        total = sum(Decimal(str(h.institution_value)) for h in held)
        # plaid-python 46.0.0 cannot read `account.balances` of an InvestmentAccount (its two
        # composed schemas type `balances` differently); `to_dict()` can.
        current = Decimal(str(account.to_dict()["balances"]["current"]))
        assert abs(total - current) < Decimal("0.005"), (account.account_id, total, current)


def test_holdings_reference_known_securities(investor):
    _, resp = investor
    securities = {s.security_id: s for s in resp.securities}
    assert len(securities) == len(resp.securities), "security ids repeat"
    for h in resp.holdings:
        assert h.security_id in securities
        assert h.iso_currency_code == "USD"
        value = Decimal(str(h.quantity)) * Decimal(str(h.institution_price))
        assert abs(value - Decimal(str(h.institution_value))) < Decimal("0.05"), h
    for s in resp.securities:
        assert s.name
        assert str(s.type) in SECURITY_TYPES
        assert s.is_cash_equivalent == (str(s.type) == "cash")
        assert s.ticker_symbol or s.cusip or str(s.type) == "cash"


def test_security_ids_are_deterministic(client_api, investor):
    token, first = investor
    again = client_api.investments_holdings_get(InvestmentsHoldingsGetRequest(access_token=token))
    assert sorted(s.security_id for s in again.securities) == sorted(
        s.security_id for s in first.securities)


def test_identity_owners_have_names_and_emails(client_api):
    token, _ = link_item(client_api, products=("transactions",))
    resp = client_api.identity_get(IdentityGetRequest(access_token=token))
    assert resp.accounts
    owned = [a for a in resp.accounts if a.owners]
    assert owned, "no account has an owner"
    for account in owned:
        for owner in account.owners:
            assert owner.names and all(owner.names)
            assert owner.emails and all("@" in e.data for e in owner.emails)
            for address in owner.addresses:
                assert address.data.city or address.data.street


def test_identity_after_linking_with_identity(client_api):
    token, _ = link_item(client_api, products=("transactions", "identity"))
    resp = client_api.identity_get(IdentityGetRequest(access_token=token))
    assert any(a.owners for a in resp.accounts)


def test_liabilities_cover_credit_cards(client_api):
    token, _ = link_item(client_api, products=("transactions", "liabilities"))
    resp = client_api.liabilities_get(LiabilitiesGetRequest(access_token=token))
    cards = {a.account_id for a in resp.accounts
             if str(a.type) == "credit" and str(a.subtype) == "credit card"}
    credit = resp.liabilities.credit or []
    assert {c.account_id for c in credit} == cards
    ids = {a.account_id for a in resp.accounts}
    for entry in (resp.liabilities.mortgage or []) + (resp.liabilities.student or []):
        assert entry.account_id in ids
    for c in credit:
        for apr in c.aprs:
            assert apr.apr_percentage >= 0 and str(apr.apr_type) == "purchase_apr"


def test_investment_transactions_paginate_and_type(client_api, investor):
    from plaid.model.investments_transactions_get_request import InvestmentsTransactionsGetRequest
    from plaid.model.investments_transactions_get_request_options import (
        InvestmentsTransactionsGetRequestOptions,
    )
    from plaid_helpers import wide_window
    token, holdings = investor
    start, end = wide_window()

    def page(count, offset):
        return client_api.investments_transactions_get(InvestmentsTransactionsGetRequest(
            access_token=token, start_date=start, end_date=end,
            options=InvestmentsTransactionsGetRequestOptions(count=count, offset=offset)))

    first = page(500, 0)
    total = first.total_investment_transactions
    assert isinstance(total, int) and total == len(first.investment_transactions) > 0
    investment_ids = {a.account_id for a in holdings.accounts}
    known = {s.security_id for s in first.securities}
    dates = [t.date for t in first.investment_transactions]
    assert dates == sorted(dates, reverse=True)
    for t in first.investment_transactions:
        assert t.account_id in investment_ids
        assert t.security_id is None or t.security_id in known
        assert str(t.type) in {"buy", "sell", "cancel", "cash", "fee", "transfer"}
        if str(t.subtype) in {"contribution", "deposit", "dividend"}:
            assert t.amount < 0, t  # cash into the account is negative in Plaid's sign
    assert any(str(t.subtype) == "contribution" for t in first.investment_transactions)
    # Offset pages are slices of the same stable order.
    ids = [t.investment_transaction_id for t in first.investment_transactions]
    paged = []
    for offset in range(0, total, 7):
        paged += [t.investment_transaction_id for t in page(7, offset).investment_transactions]
    assert paged == ids
