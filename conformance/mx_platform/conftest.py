"""Fixtures for the MX Platform suite: SDK clients and a raw-HTTP client,
all authenticated as the test's own fresh API client (see ../conftest.py)."""

import pytest
from mx_platform_python import AccountsApi, InstitutionsApi, MembersApi, TransactionsApi, UsersApi, WidgetsApi

from .helpers import RawClient, close_api_client, create_user, make_api_client
from .members_helpers import find_plain_institution


@pytest.fixture
def mx_for(server):
    """Factory: ``mx_for(creds)`` -> an SDK ``ApiClient`` for those credentials."""
    made = []

    def make(creds):
        api = make_api_client(server.base_url, creds)
        made.append(api)
        return api

    yield make
    for api in made:
        close_api_client(api)


@pytest.fixture
def mx(mx_for, client):
    """SDK ``ApiClient`` with ``Configuration(host, username=client_id, password=api_key)``."""
    return mx_for(client)


@pytest.fixture
def users_api(mx) -> UsersApi:
    return UsersApi(mx)


@pytest.fixture
def institutions_api(mx) -> InstitutionsApi:
    return InstitutionsApi(mx)


@pytest.fixture
def raw(server, client) -> RawClient:
    """``requests`` client authenticated as the same API client as ``mx``."""
    return RawClient(server.base_url, client)


@pytest.fixture
def anon(server) -> RawClient:
    """``requests`` client that sends no Authorization header."""
    return RawClient(server.base_url)


@pytest.fixture
def members_api(mx) -> MembersApi:
    return MembersApi(mx)


@pytest.fixture
def accounts_api(mx) -> AccountsApi:
    return AccountsApi(mx)


@pytest.fixture
def transactions_api(mx) -> TransactionsApi:
    return TransactionsApi(mx)


@pytest.fixture
def widgets_api(mx) -> WidgetsApi:
    return WidgetsApi(mx)


@pytest.fixture
def user_guid(users_api) -> str:
    """A fresh user of the test's own client."""
    return create_user(users_api).guid


@pytest.fixture(scope="session")
def plain_institution(server) -> str:
    """Code of a non-test institution without OAuth whose credentials are one TEXT
    field plus a PASSWORD, found through the API (the sandbox connects it with the
    password ``password``; unlike MX Bank it is subject to every job throttle)."""
    api = make_api_client(server.base_url, server.new_client())
    try:
        return find_plain_institution(InstitutionsApi(api))
    finally:
        close_api_client(api)
