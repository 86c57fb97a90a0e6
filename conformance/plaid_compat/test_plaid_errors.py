"""Errors through plaid-python: the flat error object with the right codes."""

import json

import plaid
import pytest
import requests
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.country_code import CountryCode
from plaid.model.institutions_get_by_id_request import InstitutionsGetByIdRequest
from plaid.model.institutions_get_request import InstitutionsGetRequest
from plaid.model.institutions_search_request import InstitutionsSearchRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest

from plaid_helpers import SANDBOX_INSTITUTION, api, error_code


def raises_code(call, code, status=400):
    with pytest.raises(plaid.ApiException) as caught:
        call()
    assert caught.value.status == status
    assert error_code(caught.value) == code
    return caught.value


def test_bad_secret(server, client):
    wrong = api(server, client, secret="not-the-secret")
    exc = raises_code(lambda: wrong.institutions_get(InstitutionsGetRequest(
        count=1, offset=0, country_codes=[CountryCode("US")])), "INVALID_API_KEYS")
    assert json.loads(exc.body)["error_type"] == "INVALID_INPUT"


def test_bad_access_token(server, client):
    client_api = api(server, client)
    for token in ("access-sandbox-00000000-0000-4000-8000-000000000000", "garbage"):
        raises_code(lambda: client_api.accounts_get(AccountsGetRequest(access_token=token)),
                    "INVALID_ACCESS_TOKEN")


def test_another_clients_token_is_invalid(server, client):
    from plaid_helpers import link_item
    token, _ = link_item(api(server, client), products=("transactions",))
    other = api(server, server.new_client())
    raises_code(lambda: other.accounts_get(AccountsGetRequest(access_token=token)),
                "INVALID_ACCESS_TOKEN")


def test_public_token_is_single_use(server, client):
    from plaid.model.products import Products
    from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest
    client_api = api(server, client)
    public = client_api.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=SANDBOX_INSTITUTION, initial_products=[Products("transactions")])).public_token
    client_api.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public))
    raises_code(lambda: client_api.item_public_token_exchange(
        ItemPublicTokenExchangeRequest(public_token=public)), "INVALID_PUBLIC_TOKEN")


def test_missing_and_invalid_fields(server, client):
    url = server.url("/v1/plaid/transactions/get")
    headers = {"PLAID-CLIENT-ID": client.client_id, "PLAID-SECRET": client.api_key}
    resp = requests.post(url, json={"access_token": "access-sandbox-x"}, headers=headers)
    assert resp.status_code == 400
    body = resp.json()
    assert body["error_code"] == "MISSING_FIELDS" and "start_date" in body["error_message"]
    assert resp.headers["Plaid-Request-ID"] == body["request_id"]
    resp = requests.post(url, json={"access_token": "x", "start_date": "2024-13-01",
                                    "end_date": "2024-01-01"}, headers=headers)
    assert resp.json()["error_code"] == "INVALID_FIELD"
    resp = requests.post(server.url("/plaid/accounts/get"), json={"access_token": "x"})
    assert resp.json()["error_code"] == "MISSING_FIELDS"
    resp = requests.post(server.url("/plaid/no/such/route"), json={})
    assert resp.status_code == 404 and resp.json()["error_code"] == "NOT_FOUND"


def test_institutions_and_categories(server, client):
    client_api = api(server, client)
    listed = client_api.institutions_get(InstitutionsGetRequest(
        count=5, offset=0, country_codes=[CountryCode("US")]))
    assert len(listed.institutions) == 5 and listed.total >= 5
    got = client_api.institutions_get_by_id(InstitutionsGetByIdRequest(
        institution_id=SANDBOX_INSTITUTION, country_codes=[CountryCode("US")]))
    assert got.institution.name == "MX Bank"
    found = client_api.institutions_search(InstitutionsSearchRequest(
        query="MX Bank", country_codes=[CountryCode("US")]))
    assert SANDBOX_INSTITUTION in {i.institution_id for i in found.institutions}
    raises_code(lambda: client_api.institutions_get_by_id(InstitutionsGetByIdRequest(
        institution_id="ins_1", country_codes=[CountryCode("US")])), "INVALID_INSTITUTION")
    categories = client_api.categories_get({})
    assert categories.categories
    assert all(len(c.category_id) == 8 for c in categories.categories)


def test_removed_item_is_item_not_found(server, client):
    from plaid.model.item_remove_request import ItemRemoveRequest
    from plaid.model.transactions_get_request import TransactionsGetRequest
    from plaid_helpers import link_item, wide_window
    client_api = api(server, client)
    token, _ = link_item(client_api, products=("transactions",))
    client_api.item_remove(ItemRemoveRequest(access_token=token))
    start, end = wide_window()
    raises_code(lambda: client_api.transactions_get(TransactionsGetRequest(
        access_token=token, start_date=start, end_date=end)), "ITEM_NOT_FOUND")
    raises_code(lambda: client_api.item_remove(ItemRemoveRequest(access_token=token)), "ITEM_NOT_FOUND")


def test_product_not_ready_before_the_first_aggregation(server, client):
    """A sandbox item whose institution login failed has no data yet."""
    from plaid.model.investments_holdings_get_request import InvestmentsHoldingsGetRequest
    from plaid.model.item_get_request import ItemGetRequest
    from plaid.model.products import Products
    from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest
    from plaid.model.sandbox_public_token_create_request_options import (
        SandboxPublicTokenCreateRequestOptions,
    )
    from plaid.model.transactions_get_request import TransactionsGetRequest
    from plaid_helpers import wide_window
    client_api = api(server, client)
    public = client_api.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=SANDBOX_INSTITUTION, initial_products=[Products("transactions")],
        options=SandboxPublicTokenCreateRequestOptions(override_password="UNAVAILABLE"))).public_token
    token = client_api.item_public_token_exchange(
        ItemPublicTokenExchangeRequest(public_token=public)).access_token
    item = client_api.item_get(ItemGetRequest(access_token=token)).item
    assert item.error.error_code == "INSTITUTION_NOT_RESPONDING"
    start, end = wide_window()
    raises_code(lambda: client_api.transactions_get(TransactionsGetRequest(
        access_token=token, start_date=start, end_date=end)), "PRODUCT_NOT_READY")
    raises_code(lambda: client_api.investments_holdings_get(InvestmentsHoldingsGetRequest(
        access_token=token)), "PRODUCT_NOT_READY")
