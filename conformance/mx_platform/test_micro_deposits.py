"""Micro-deposits and account verifications through the official SDK: INITIATED,
DEPOSITED once a business day has passed on the server clock, VERIFIED with the
right pair, DENIED then PREVENTED after three wrong pairs; PREINITIATED with only
the end user's details; the `{"micro_deposit":[…]}` array envelope whose items
always carry account_number, account_type and routing_number; refusals."""

import pytest
from mx_platform_python import MicrodepositsApi
from mx_platform_python.exceptions import ApiException, NotFoundException
from mx_platform_python.models import (
    MicrodepositElements,
    MicrodepositRequestBody,
    MicrodepositVerifyRequest,
    MicrodepositVerifyRequestBody,
)

from .helpers import assert_mx_error, assert_pagination, create_user
from .members_helpers import DAY_S

# Deposits land one business day after initiation; four days covers a weekend.
LANDING_S = 4 * DAY_S
ROUTING = "091000019"


@pytest.fixture
def md_api(mx) -> MicrodepositsApi:
    return MicrodepositsApi(mx)


def deposit_amounts(guid: str) -> tuple:
    """The two amounts Polyfin deposits for a micro-deposit: fixed by its guid
    (FNV-1a 64 of the guid, as the server computes them), distinct, $0.01-$0.99."""
    h = 0xCBF29CE484222325
    for byte in guid.encode():
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    first, second = h % 99 + 1, (h // 99) % 99 + 1
    if second == first:
        second = first % 99 + 1
    return first / 100, second / 100


def create(md_api, user_guid, **fields):
    fields = {"account_number": "3331261", "account_type": "CHECKING", "routing_number": ROUTING, **fields}
    resp = md_api.create_microdeposit_with_http_info(
        user_guid, MicrodepositRequestBody(micro_deposit=MicrodepositElements(**fields)))
    assert resp.status_code == 200, resp.raw_data
    assert isinstance(resp.data.micro_deposit, list) and len(resp.data.micro_deposit) == 1, resp.raw_data
    return resp.data.micro_deposit[0]


def verify(md_api, guid, first, second):
    body = MicrodepositVerifyRequestBody(micro_deposit=MicrodepositVerifyRequest(
        deposit_amount_1=first, deposit_amount_2=second))
    return md_api.verify_microdeposit(guid, body).micro_deposit[0]


def read(md_api, user_guid, guid):
    return md_api.read_user_microdeposit(guid, user_guid).micro_deposit[0]


def test_micro_deposit_lifecycle_to_verified(md_api, user_guid, advance_clock):
    created = create(md_api, user_guid, account_name="Joint checking", account_type="checking")
    assert created.guid.startswith("MIC-") and created.status == "INITIATED"
    assert (created.account_number, created.account_type, created.routing_number) == ("3331261", "CHECKING", ROUTING)
    first, second = deposit_amounts(created.guid)
    with pytest.raises(ApiException) as caught:
        verify(md_api, created.guid, first, second)
    assert_mx_error(caught.value, 422)
    assert read(md_api, user_guid, created.guid).status == "INITIATED"

    advance_clock(LANDING_S)
    assert read(md_api, user_guid, created.guid).status == "DEPOSITED"
    verified = verify(md_api, created.guid, second, first)
    assert verified.status == "VERIFIED" and verified.verified_at is not None
    assert read(md_api, user_guid, created.guid).status == "VERIFIED"
    with pytest.raises(ApiException) as caught:
        verify(md_api, created.guid, first, second)
    assert_mx_error(caught.value, 422)


def test_three_wrong_pairs_end_prevented(md_api, user_guid, advance_clock):
    created = create(md_api, user_guid)
    first, second = deposit_amounts(created.guid)
    wrong = next(w for w in (0.99, 0.98, 0.97) if w not in (first, second))
    advance_clock(LANDING_S)
    statuses = [verify(md_api, created.guid, wrong, second).status for _ in range(3)]
    assert statuses == ["DENIED", "DENIED", "PREVENTED"]
    assert read(md_api, user_guid, created.guid).error_message
    with pytest.raises(ApiException) as caught:
        verify(md_api, created.guid, first, second)
    assert_mx_error(caught.value, 422)
    assert read(md_api, user_guid, created.guid).status == "PREVENTED"


def test_lists_and_delete(md_api, user_guid, raw):
    one, two = create(md_api, user_guid), create(md_api, user_guid, account_type="SAVINGS")
    listed = md_api.list_user_microdeposits(user_guid)
    assert [m.guid for m in listed.micro_deposits] == [one.guid, two.guid]
    assert_pagination(listed.pagination, total_entries=2)
    verifications = md_api.list_user_verifications(user_guid).micro_deposit
    assert [m.guid for m in verifications] == [one.guid, two.guid]
    for item in raw.json_ok("GET", f"/users/{user_guid}/account_verifications")["micro_deposit"]:
        assert {"account_number", "account_type", "routing_number"} <= set(item), item
    md_api.delete_microdeposit(one.guid, user_guid)
    with pytest.raises(NotFoundException):
        read(md_api, user_guid, one.guid)
    assert [m.guid for m in md_api.list_user_microdeposits(user_guid).micro_deposits] == [two.guid]


def test_preinitiated_with_only_the_end_users_details(md_api, user_guid):
    created = create(md_api, user_guid, account_number="", account_type="", routing_number="",
                     email="ann@example.com", first_name="Ann", last_name="Lee")
    assert created.status == "PREINITIATED"
    assert (created.account_number, created.account_type, created.routing_number) == ("", "", "")
    assert (created.email, created.first_name, created.last_name) == ("ann@example.com", "Ann", "Lee")
    with pytest.raises(ApiException) as caught:
        verify(md_api, created.guid, 0.01, 0.02)
    assert_mx_error(caught.value, 422)


BAD_CREATES = {
    "bad-aba": ({"routing_number": "091000018"}, ["micro_deposit.routing_number"]),
    "short-aba": ({"routing_number": "9100019"}, ["micro_deposit.routing_number"]),
    "letters-in-account": ({"account_number": "33312a1"}, ["micro_deposit.account_number"]),
    "brokerage": ({"account_type": "BROKERAGE"}, ["micro_deposit.account_type"]),
    "missing-routing": ({"routing_number": None}, ["micro_deposit.routing_number"]),
    "number-account": ({"account_number": 3331261}, ["micro_deposit.account_number"]),
    "bad-email": ({"email": "not-an-email"}, ["micro_deposit.email"]),
}


@pytest.mark.parametrize("case", BAD_CREATES)
def test_bad_micro_deposits_are_refused(raw, user_guid, case):
    change, mentions = BAD_CREATES[case]
    body = {"account_number": "3331261", "account_type": "CHECKING", "routing_number": ROUTING, **change}
    body = {k: v for k, v in body.items() if v is not None}
    assert_mx_error(raw.post(f"/users/{user_guid}/micro_deposits", json={"micro_deposit": body}), 400, mentions)
    assert raw.json_ok("GET", f"/users/{user_guid}/micro_deposits")["pagination"]["total_entries"] == 0


BAD_VERIFIES = {
    "a-dollar-fifty": ({"deposit_amount_1": 1.5, "deposit_amount_2": 0.02}, 400, ["deposit_amount_1"]),
    "negative": ({"deposit_amount_1": 0.01, "deposit_amount_2": -0.02}, 400, ["deposit_amount_2"]),
    "fraction-of-a-cent": ({"deposit_amount_1": 0.015, "deposit_amount_2": 0.02}, 400, ["deposit_amount_1"]),
    "missing": ({"deposit_amount_1": 0.01}, 400, ["deposit_amount_2"]),
    "text": ({"deposit_amount_1": "a dime", "deposit_amount_2": 0.02}, 400, ["deposit_amount_1"]),
}


def test_bad_amounts_do_not_count_as_attempts(md_api, raw, user_guid, advance_clock):
    created = create(md_api, user_guid)
    advance_clock(LANDING_S)
    for amounts, status, mentions in BAD_VERIFIES.values():
        resp = raw.put(f"/micro_deposits/{created.guid}/verify", json={"micro_deposit": amounts},
                       headers={"Accept": "application/json"})
        assert_mx_error(resp, status, mentions)
    first, second = deposit_amounts(created.guid)
    assert verify(md_api, created.guid, first, second).status == "VERIFIED", "no attempt was used up"


def test_unknown_and_foreign_micro_deposits_are_404(mx_for, server, md_api, users_api, user_guid):
    created = create(md_api, user_guid)
    with pytest.raises(NotFoundException) as caught:
        verify(md_api, "MIC-00000000-0000-0000-0000-000000000000", 0.01, 0.02)
    assert_mx_error(caught.value, 404)
    other_user = create_user(users_api).guid
    with pytest.raises(NotFoundException):
        read(md_api, other_user, created.guid)
    stranger = MicrodepositsApi(mx_for(server.new_client()))
    with pytest.raises(NotFoundException):
        verify(stranger, created.guid, 0.01, 0.02)
    with pytest.raises(NotFoundException):
        stranger.delete_microdeposit(created.guid, user_guid)
    assert read(md_api, user_guid, created.guid).status == "INITIATED"
