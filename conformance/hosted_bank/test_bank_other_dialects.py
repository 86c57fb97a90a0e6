"""The hosted bank through the other partner dialects: an Atrium member (official
``atrium`` SDK) and a Plaid item (official ``plaid-python``, linked with the
customer's online-banking credentials as sandbox overrides) see the same transfer on
both accounts."""

import datetime
import time

import plaid
from atrium import AtriumClient, CredentialRequest, MemberCreateRequest, MemberCreateRequestBody, User, UserCreateRequestBody
from plaid.api import plaid_api
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.country_code import CountryCode
from plaid.model.institutions_search_request import InstitutionsSearchRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
from plaid.model.products import Products
from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest
from plaid.model.sandbox_public_token_create_request_options import SandboxPublicTokenCreateRequestOptions
from plaid.model.transactions_get_request import TransactionsGetRequest

from bank_helpers import INSTITUTION, run_transfer, server_today

POLL_S = 0.05
DEADLINE_S = 30.0


def test_an_atrium_member_sees_the_transfer(hosted_bank, customer, client):
    server = hosted_bank
    run_transfer(server, customer, customer.checking, customer.savings, "64.10")
    atrium = AtriumClient(client.api_key, client.client_id, environment=server.base_url)
    configuration = atrium.users.api_client.configuration
    configuration.headers = dict(configuration.headers)  # see ../atrium/conftest.py
    user = atrium.users.create_user(UserCreateRequestBody(user=User())).user
    fields = atrium.institutions.read_institution_credentials(INSTITUTION).credentials
    assert sorted(f.type for f in fields) == ["LOGIN", "PASSWORD"], fields
    credentials = [
        CredentialRequest(guid=f.guid, value=customer.password if f.type == "PASSWORD" else customer.username)
        for f in fields
    ]
    request = MemberCreateRequest(institution_code=INSTITUTION, credentials=credentials)
    member = atrium.members.create_member(user.guid, MemberCreateRequestBody(member=request)).member
    deadline = time.monotonic() + DEADLINE_S
    while (status := atrium.members.read_member_status(member.guid, user.guid).member).is_being_aggregated:
        assert time.monotonic() < deadline, status
        time.sleep(POLL_S)
    assert status.connection_status == "CONNECTED" and status.status == "COMPLETED", status

    accounts = atrium.members.list_member_accounts(member.guid, user.guid).accounts
    by_type = {a.type: a.guid for a in accounts}
    rows = atrium.members.list_member_transactions(member.guid, user.guid, records_per_page=100).transactions
    moved = {(t.account_guid, t.type, t.amount, t.category) for t in rows if t.amount == 64.10}
    assert moved == {
        (by_type["CHECKING"], "DEBIT", 64.10, "Transfer"),
        (by_type["SAVINGS"], "CREDIT", 64.10, "Transfer"),
    }, rows


def plaid_client(server, client):
    config = plaid.Configuration(
        host=server.url("/v1/plaid"),
        api_key={"clientId": client.client_id, "secret": client.api_key},
    )
    return plaid_api.PlaidApi(plaid.ApiClient(config))


def test_a_plaid_item_sees_the_transfer(hosted_bank, customer, client):
    server = hosted_bank
    done = run_transfer(server, customer, customer.checking, customer.savings, "37.25")
    api = plaid_client(server, client)
    found = api.institutions_search(InstitutionsSearchRequest(
        query="Polyfin Community", products=[Products("transactions")], country_codes=[CountryCode("US")],
    )).institutions
    [institution] = [i for i in found if i.name == "Polyfin Community Bank"]
    public = api.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=institution.institution_id,
        initial_products=[Products("transactions")],
        options=SandboxPublicTokenCreateRequestOptions(
            override_username=customer.username, override_password=customer.password,
        ),
    )).public_token
    token = api.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public)).access_token

    accounts = api.accounts_get(AccountsGetRequest(access_token=token)).accounts
    by_subtype = {str(a.subtype): a for a in accounts}
    assert set(by_subtype) == {"checking", "savings"}, accounts
    assert by_subtype["savings"].balances.current == 250.00 + 37.25

    today = server_today(server)
    rows = api.transactions_get(TransactionsGetRequest(
        access_token=token, start_date=today - datetime.timedelta(days=30), end_date=today,
    )).transactions
    moved = {(t.account_id, t.amount) for t in rows if abs(t.amount) == 37.25}
    # Plaid's sign: positive is money out of the account.
    assert moved == {
        (by_subtype["checking"].account_id, 37.25),
        (by_subtype["savings"].account_id, -37.25),
    }, rows
    for row in rows:
        if abs(row.amount) == 37.25:
            assert str(row.date) == done["processedAt"][:10], row
            assert row.personal_finance_category.primary.startswith("TRANSFER"), row
