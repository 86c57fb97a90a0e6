"""Fixtures for the Atrium suite: the official ``atrium`` SDK (2.11.7) and a raw
``requests`` client, authenticated with ``MX-API-Key``/``MX-Client-ID`` as the
test's own fresh API client (see ../conftest.py).

This directory has no ``__init__.py`` on purpose: as a package it would be named
``atrium`` and hide the SDK. Its modules therefore carry unique names
(``atrium_helpers``, ``test_atrium_*``)."""

import pytest
from atrium import AtriumClient
from mx_platform_python import ApiClient, Configuration

from atrium_helpers import RawAtrium


def pytest_configure(config):
    # atrium 2.11.7 reads response headers with urllib3's deprecated getheaders().
    config.addinivalue_line("filterwarnings", "ignore:HTTPResponse.getheaders:DeprecationWarning")


@pytest.fixture
def atrium_for(server):
    """Factory: ``atrium_for(creds)`` -> an ``AtriumClient`` for those credentials,
    pointed at the live server with no base path (as the SDK joins host + path)."""
    made = []

    def make(creds):
        client_id, api_key = creds
        sdk = AtriumClient(api_key, client_id, environment=server.base_url)
        # The SDK's Configuration() is a shallow copy of one default, so every
        # AtriumClient in a process shares one `headers` dict: the last client
        # made would authenticate them all. Give each client its own.
        configuration = sdk.users.api_client.configuration
        configuration.headers = dict(configuration.headers)
        made.append(sdk)
        return sdk

    yield make
    for sdk in made:
        for api in vars(sdk).values():
            api.api_client.rest_client.pool_manager.clear()


@pytest.fixture
def atrium(atrium_for, client) -> AtriumClient:
    return atrium_for(client)


@pytest.fixture
def raw(server, client) -> RawAtrium:
    """``requests`` with the Atrium headers, as the same API client as ``atrium``."""
    return RawAtrium(server.base_url, client)


@pytest.fixture
def anon(server) -> RawAtrium:
    """``requests`` with the Atrium Accept and no credentials."""
    return RawAtrium(server.base_url)


@pytest.fixture
def mx(server, client):
    """The MX Platform SDK (``mx-platform-python``) as the same API client."""
    client_id, api_key = client
    api = ApiClient(Configuration(host=server.base_url, username=client_id, password=api_key))
    yield api
    api.close()
    api.rest_client.pool_manager.clear()


@pytest.fixture
def user_guid(atrium) -> str:
    """A fresh user of the test's own client, created through the Atrium SDK."""
    from atrium_helpers import create_user

    return create_user(atrium).guid
