"""Fixtures for the MX Platform suite: SDK clients and a raw-HTTP client,
all authenticated as the test's own fresh API client (see ../conftest.py)."""

import pytest
from mx_platform_python import InstitutionsApi, UsersApi

from .helpers import RawClient, close_api_client, make_api_client


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
