"""Fixtures for the hosted-bank suite: Polyfin Community Bank set up once per
session with the ``polyfin bank`` CLI, and a fresh customer per test."""

import pytest

from bank_helpers import Customer, ensure_bank


@pytest.fixture(scope="session")
def hosted_bank(server):
    ensure_bank(server)
    return server


@pytest.fixture
def customer(hosted_bank) -> Customer:
    """Max Pike: checking 1000.00, savings 250.00, online-banking credentials."""
    return Customer(hosted_bank, "Max Pike")
