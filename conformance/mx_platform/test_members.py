"""Members at MX Bank through the official SDK: create, read, list, MFA
(challenges and resume), failed logins, expiry, update, delete and tenancy."""

import json

import pytest
from mx_platform_python.exceptions import ApiException, NotFoundException

from .helpers import RawClient, assert_mx_error, unique
from .members_helpers import (
    MEMBER_BOOLS,
    MEMBER_KEYS,
    MFA_EXPIRY_S,
    MXBANK,
    challenged_mxbank,
    connect_mxbank,
    count_members,
    create_member,
    create_mxbank_member,
    credential_guids,
    mxbank_credentials,
    raw_list_all,
    raw_member,
    raw_status,
    read_member,
    read_status,
    resume,
    update_member,
    wait_for_status,
)


def check_member_json(member: dict) -> None:
    """The raw member object: every field with its exact JSON type, and no
    ``most_recent_job_guid`` (the SDK types it as a boolean)."""
    assert set(member) >= MEMBER_KEYS, f"missing {MEMBER_KEYS - set(member)}"
    assert "most_recent_job_guid" not in member, member
    assert member["guid"].startswith("MBR-"), member
    assert member["institution_guid"].startswith("INS-"), member
    for key in MEMBER_BOOLS:
        assert isinstance(member[key], bool), f"{key}={member[key]!r}"
    assert isinstance(member["connection_status"], str), member
    assert member["is_managed_by_user"] is True, member
    for key in ("metadata", "id", "aggregated_at", "successfully_aggregated_at", "oauth_window_uri",
                "connection_status_message"):
        assert member[key] is None or isinstance(member[key], str), f"{key}={member[key]!r}"


def assert_no_challenges(members_api, raw, user_guid, member_guid):
    """Not CHALLENGED: ``GET …/challenges`` is 204 (the SDK returns None) and the
    status has no ``challenges`` key."""
    resp = raw.get(f"/users/{user_guid}/members/{member_guid}/challenges")
    assert resp.status_code == 204, f"{resp.status_code} {resp.text[:300]}"
    assert resp.content == b""
    assert members_api.list_member_challenges(member_guid, user_guid) is None
    assert "challenges" not in raw_status(raw, user_guid, member_guid)


def member_accounts(raw, user_guid, member_guid) -> list:
    return raw_list_all(raw, f"/users/{user_guid}/members/{member_guid}/accounts", "accounts")


# -- create ----------------------------------------------------------------------


def test_create_member_starts_an_aggregation(members_api, institutions_api, raw, user_guid):
    partner_id, metadata = unique("member"), json.dumps({"plan": "gold"})
    institution = raw.json_ok("GET", f"/institutions/{MXBANK}")["institution"]  # the SDK model has no guid

    created = create_mxbank_member(members_api, institutions_api, user_guid, id=partner_id, metadata=metadata)

    assert (created.user_guid, created.institution_code, created.institution_guid, created.name) == (
        user_guid, MXBANK, institution["guid"], institution["name"])
    assert (created.id, created.metadata) == (partner_id, metadata)
    assert created.connection_status == "CREATED"
    assert created.is_being_aggregated is True
    assert created.is_oauth is False and created.oauth_window_uri is None
    check_member_json(raw_member(raw, user_guid, created.guid))

    wait_for_status(members_api, user_guid, created.guid, "CONNECTED")
    member = raw_member(raw, user_guid, created.guid)
    check_member_json(member)
    assert (member["connection_status"], member["is_being_aggregated"]) == ("CONNECTED", False)
    assert member["aggregated_at"] and member["successfully_aggregated_at"]
    assert (member["id"], member["metadata"], member["name"]) == (partner_id, metadata, institution["name"])
    assert_no_challenges(members_api, raw, user_guid, created.guid)
    assert member_accounts(raw, user_guid, created.guid), "a CONNECTED MX Bank member has accounts"


def test_create_with_skip_aggregation_is_200_without_a_job(members_api, institutions_api, raw, user_guid):
    member = create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True)

    assert (member.connection_status, member.is_being_aggregated) == ("CREATED", False)
    status = read_status(members_api, user_guid, member.guid)
    assert (status.connection_status, status.is_being_aggregated) == ("CREATED", False)
    check_member_json(raw_member(raw, user_guid, member.guid))
    assert member_accounts(raw, user_guid, member.guid) == []


def test_create_with_credentials_by_field_name(members_api, raw, user_guid):
    body = {"member": {"institution_code": MXBANK, "credentials": [
        {"field_name": "LOGIN", "value": "someone"}, {"field_name": "PASSWORD", "value": "password"}]}}

    resp = raw.post(f"/users/{user_guid}/members", json=body)

    assert resp.status_code == 202, f"{resp.status_code} {resp.text[:500]}"
    member = resp.json()["member"]
    check_member_json(member)
    wait_for_status(members_api, user_guid, member["guid"], "CONNECTED")


def test_any_non_empty_username_connects(members_api, institutions_api, user_guid):
    creds = mxbank_credentials(institutions_api, "password", username="somebody-else")
    member = create_member(members_api, user_guid, MXBANK, creds, status=202)

    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")


def test_list_and_read_members(members_api, institutions_api, user_guid):
    created = [
        create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True, id=unique("m"))
        for _ in range(3)
    ]

    body = members_api.list_members(user_guid)

    assert [m.guid for m in body.members] == [m.guid for m in created]
    assert body.pagination.total_entries == 3
    for listed in body.members:
        assert members_api.read_member(listed.guid, user_guid).member == listed


def test_members_of_a_new_user_are_empty(members_api, user_guid):
    body = members_api.list_members(user_guid)
    assert body.members == [] and body.pagination.total_entries == 0


# -- MFA ---------------------------------------------------------------------------

# password -> (challenge type, key holding the options or None)
MFA_KINDS = {
    "challenge": ("TEXT", None),
    "options": ("OPTIONS", "options"),
    "image": ("IMAGE_DATA", None),
    "image_options": ("IMAGE_OPTIONS", "image_options"),
    "token": ("TOKEN", None),
}


def check_challenge_json(challenge: dict, kind: str, options_key) -> None:
    assert challenge["guid"].startswith("CRD-"), challenge
    assert challenge["type"] == kind, challenge
    for key in ("label", "field_name"):
        assert isinstance(challenge[key], str) and challenge[key], challenge
    for key in ("options", "image_options"):
        if key != options_key:
            assert key not in challenge, f"{kind} challenge must not carry {key}: {challenge}"
    if options_key:
        options = challenge[options_key]
        assert isinstance(options, list) and options, challenge
        for option in options:
            assert isinstance(option["label"], str) and isinstance(option["value"], str), option
            if kind == "OPTIONS":
                assert isinstance(option["guid"], str) and option["guid"], option
            else:
                assert option["data_uri"].startswith("data:"), option
    if kind == "IMAGE_DATA":
        assert challenge["image_data"].startswith("data:"), challenge


def answer_for(challenge: dict, options_key) -> str:
    if not options_key:
        return "correct"
    values = [o["value"] for o in challenge[options_key]]
    assert "correct" in values, f"no option with value 'correct': {challenge}"
    return "correct"


@pytest.mark.parametrize("password", MFA_KINDS)
def test_mfa_challenge_and_resume(members_api, institutions_api, raw, user_guid, password):
    kind, options_key = MFA_KINDS[password]
    member, status = challenged_mxbank(members_api, institutions_api, user_guid, password)

    assert status.is_being_aggregated is True
    assert [c.type for c in status.challenges] == [kind]
    raw_challenges = raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/challenges")["challenges"]
    assert len(raw_challenges) == 1
    challenge = raw_challenges[0]
    check_challenge_json(challenge, kind, options_key)
    assert raw_status(raw, user_guid, member.guid)["challenges"] == raw_challenges
    sdk = members_api.list_member_challenges(member.guid, user_guid).challenges
    assert [c.guid for c in sdk] == [challenge["guid"]]
    read = read_member(members_api, user_guid, member.guid)
    assert (read.connection_status, read.is_being_aggregated) == ("CHALLENGED", True)

    resumed = resume(members_api, user_guid, member.guid, [(challenge["guid"], answer_for(challenge, options_key))])

    assert resumed.connection_status == "RESUMED"
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED", stale_challenges=[challenge["guid"]])
    assert_no_challenges(members_api, raw, user_guid, member.guid)
    assert member_accounts(raw, user_guid, member.guid)


def test_text_challenge_can_lead_to_a_second_challenge(members_api, institutions_api, raw, user_guid):
    member, first = challenged_mxbank(members_api, institutions_api, user_guid, "challenge")
    (q1,) = first.challenges

    resume(members_api, user_guid, member.guid, [(q1.guid, "challenge")])
    second = wait_for_status(members_api, user_guid, member.guid, "CHALLENGED", stale_challenges=[q1.guid])

    (q2,) = second.challenges
    assert q2.type == "TEXT"
    assert q2.guid != q1.guid and q2.label != q1.label, (q1.to_dict(), q2.to_dict())
    assert second.is_being_aggregated is True
    resume(members_api, user_guid, member.guid, [(q2.guid, "correct")])
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED", stale_challenges=[q1.guid, q2.guid])
    assert_no_challenges(members_api, raw, user_guid, member.guid)


@pytest.mark.parametrize("password", ["challenge", "options"])
def test_wrong_mfa_answer_is_rejected(members_api, institutions_api, raw, user_guid, password):
    member, status = challenged_mxbank(members_api, institutions_api, user_guid, password)
    (challenge,) = status.challenges

    resume(members_api, user_guid, member.guid, [(challenge.guid, "wrong answer")])

    wait_for_status(members_api, user_guid, member.guid, "REJECTED", stale_challenges=[challenge.guid])
    assert_no_challenges(members_api, raw, user_guid, member.guid)


def test_unanswered_mfa_expires(members_api, institutions_api, raw, user_guid, advance_clock):
    member, status = challenged_mxbank(members_api, institutions_api, user_guid)

    advance_clock(MFA_EXPIRY_S + 1)

    after = read_status(members_api, user_guid, member.guid)
    assert (after.connection_status, after.is_being_aggregated) == ("EXPIRED", False), after.to_dict()
    assert_no_challenges(members_api, raw, user_guid, member.guid)
    body = {"member": {"challenges": [{"guid": status.challenges[0].guid, "value": "correct"}]}}
    assert_mx_error(raw.put(f"/users/{user_guid}/members/{member.guid}/resume", json=body), 422)


def test_resume_when_not_challenged_is_422(members_api, institutions_api, raw, user_guid):
    member = connect_mxbank(members_api, institutions_api, user_guid)
    login_guid = credential_guids(institutions_api)["LOGIN"]
    body = {"member": {"challenges": [{"guid": login_guid, "value": "correct"}]}}

    assert_mx_error(raw.put(f"/users/{user_guid}/members/{member.guid}/resume", json=body), 422)
    after = read_member(members_api, user_guid, member.guid)
    assert (after.connection_status, after.is_being_aggregated) == ("CONNECTED", False)


def test_resume_with_a_guid_that_is_not_an_open_challenge_is_422(members_api, institutions_api, raw, user_guid):
    member, status = challenged_mxbank(members_api, institutions_api, user_guid)
    (challenge,) = status.challenges
    login_guid = credential_guids(institutions_api)["LOGIN"]
    path = f"/users/{user_guid}/members/{member.guid}/resume"

    for guid in ["CRD-00000000-0000-0000-0000-000000000000", login_guid]:
        assert_mx_error(raw.put(path, json={"member": {"challenges": [{"guid": guid, "value": "correct"}]}}), 422)

    still = read_status(members_api, user_guid, member.guid)
    assert still.connection_status == "CHALLENGED"
    assert [c.guid for c in still.challenges] == [challenge.guid]
    resume(members_api, user_guid, member.guid, [(challenge.guid, "correct")])
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED", stale_challenges=[challenge.guid])


# -- failed logins --------------------------------------------------------------------

FAILED_LOGINS = {
    "UNAUTHORIZED": "DENIED",
    "INVALID": "DENIED",
    "LOCKED": "LOCKED",
    "SERVER_ERROR": "FAILED",
    "UNAVAILABLE": "FAILED",
    "BAD_REQUEST": "IMPAIRED",
}


@pytest.mark.parametrize("password,connection_status", FAILED_LOGINS.items())
def test_failed_login_end_state(members_api, institutions_api, raw, user_guid, password, connection_status):
    member = create_mxbank_member(members_api, institutions_api, user_guid, password)

    wait_for_status(members_api, user_guid, member.guid, connection_status)

    check_member_json(raw_member(raw, user_guid, member.guid))
    assert_no_challenges(members_api, raw, user_guid, member.guid)
    assert member_accounts(raw, user_guid, member.guid) == []


# -- update ---------------------------------------------------------------------------


def test_update_credentials_after_denied_reconnects(members_api, institutions_api, raw, user_guid):
    member = create_mxbank_member(members_api, institutions_api, user_guid, "UNAUTHORIZED")
    wait_for_status(members_api, user_guid, member.guid, "DENIED")

    updated = update_member(members_api, user_guid, member.guid,
                            credentials=mxbank_credentials(institutions_api, "password"))

    assert (updated.connection_status, updated.is_being_aggregated) == ("UPDATED", True)
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
    assert member_accounts(raw, user_guid, member.guid)


def test_update_credentials_with_skip_aggregation_starts_no_job(
        members_api, institutions_api, user_guid, advance_clock):
    member = create_mxbank_member(members_api, institutions_api, user_guid, "UNAUTHORIZED")
    wait_for_status(members_api, user_guid, member.guid, "DENIED")
    before = read_member(members_api, user_guid, member.guid)
    advance_clock(60)  # a new job would now get a new aggregated_at

    updated = update_member(members_api, user_guid, member.guid, skip_aggregation=True,
                            credentials=mxbank_credentials(institutions_api, "password"))

    assert (updated.connection_status, updated.is_being_aggregated) == ("UPDATED", False)
    after = read_member(members_api, user_guid, member.guid)
    assert (after.connection_status, after.is_being_aggregated) == ("UPDATED", False)
    assert after.aggregated_at == before.aggregated_at


def test_update_metadata_and_id_only_starts_no_job(members_api, institutions_api, user_guid, advance_clock):
    member = connect_mxbank(members_api, institutions_api, user_guid)
    advance_clock(60)
    new_id, metadata = unique("renamed"), '{"note": "updated"}'

    updated = update_member(members_api, user_guid, member.guid, id=new_id, metadata=metadata)

    assert (updated.id, updated.metadata) == (new_id, metadata)
    assert (updated.connection_status, updated.is_being_aggregated) == ("CONNECTED", False)
    after = read_member(members_api, user_guid, member.guid)
    assert (after.id, after.metadata, after.connection_status) == (new_id, metadata, "CONNECTED")
    assert after.aggregated_at == member.aggregated_at
    assert after.is_being_aggregated is False


# -- delete -----------------------------------------------------------------------------


def test_delete_member_removes_its_accounts_and_transactions(members_api, institutions_api, raw, user_guid):
    keep = connect_mxbank(members_api, institutions_api, user_guid)
    gone = connect_mxbank(members_api, institutions_api, user_guid)
    accounts = member_accounts(raw, user_guid, gone.guid)
    transactions = raw_list_all(raw, f"/users/{user_guid}/members/{gone.guid}/transactions", "transactions")
    assert accounts and transactions

    resp = members_api.delete_member_with_http_info(gone.guid, user_guid)

    assert resp.status_code == 204
    with pytest.raises(NotFoundException) as exc:
        members_api.read_member(gone.guid, user_guid)
    assert_mx_error(exc.value, 404)
    assert [m.guid for m in members_api.list_members(user_guid).members] == [keep.guid]
    gone_accounts = {a["guid"] for a in accounts}
    gone_transactions = {t["guid"] for t in transactions}
    user_accounts = {a["guid"] for a in raw_list_all(raw, f"/users/{user_guid}/accounts", "accounts")}
    user_transactions = {t["guid"] for t in raw_list_all(raw, f"/users/{user_guid}/transactions", "transactions")}
    assert user_accounts and not user_accounts & gone_accounts
    assert user_transactions and not user_transactions & gone_transactions
    assert_mx_error(raw.get(f"/users/{user_guid}/transactions/{transactions[0]['guid']}"), 404)
    assert_mx_error(raw.get(f"/users/{user_guid}/accounts/{accounts[0]['guid']}"), 404)
    assert_mx_error(raw.delete(f"/users/{user_guid}/members/{gone.guid}"), 404)


# -- tenancy ------------------------------------------------------------------------------


def foreign_paths(user_guid, member_guid, account_guid, transaction_guid) -> list:
    m = f"/users/{user_guid}/members/{member_guid}"
    return [
        ("GET", m), ("GET", f"{m}/status"), ("GET", f"{m}/challenges"), ("GET", f"{m}/credentials"),
        ("GET", f"{m}/accounts"), ("GET", f"{m}/accounts/{account_guid}"), ("GET", f"{m}/transactions"),
        ("GET", f"/users/{user_guid}/accounts/{account_guid}"),
        ("GET", f"/users/{user_guid}/accounts/{account_guid}/transactions"),
        ("GET", f"/users/{user_guid}/transactions/{transaction_guid}"),
        ("POST", f"{m}/aggregate"), ("POST", f"{m}/check_balance"),
        ("PUT", m), ("DELETE", m),
    ]


@pytest.fixture
def connected(members_api, institutions_api, raw, user_guid):
    """(user guid, CONNECTED MX Bank member, one of its accounts, one of its transactions)."""
    member = connect_mxbank(members_api, institutions_api, user_guid)
    account = member_accounts(raw, user_guid, member.guid)[0]
    transaction = raw_list_all(raw, f"/users/{user_guid}/members/{member.guid}/transactions", "transactions")[0]
    return user_guid, member, account["guid"], transaction["guid"]


def test_another_clients_data_is_not_found(server, raw, connected):
    user_guid, member, account_guid, transaction_guid = connected
    other = RawClient(server.base_url, server.new_client())
    other_user = other.json_ok("POST", "/users", json={"user": {}})["user"]["guid"]

    for owner in (user_guid, other_user):
        for method, path in foreign_paths(owner, member.guid, account_guid, transaction_guid):
            kwargs = {"json": {"member": {"metadata": "stolen"}}} if method == "PUT" else {}
            assert_mx_error(other.request(method, path, **kwargs), 404)

    still = raw_member(raw, user_guid, member.guid)
    assert (still["connection_status"], still["metadata"]) == ("CONNECTED", None)


def test_another_users_member_is_not_found(users_api, raw, connected):
    _, member, account_guid, transaction_guid = connected
    other_user = raw.json_ok("POST", "/users", json={"user": {}})["user"]["guid"]

    for method, path in foreign_paths(other_user, member.guid, account_guid, transaction_guid):
        kwargs = {"json": {"member": {"metadata": "stolen"}}} if method == "PUT" else {}
        assert_mx_error(raw.request(method, path, **kwargs), 404)
    assert count_members(raw, other_user) == 0


def test_sdk_raises_not_found_for_an_unknown_member(members_api, user_guid):
    for call in (members_api.read_member, members_api.read_member_status, members_api.aggregate_member):
        with pytest.raises(ApiException) as exc:
            call("MBR-00000000-0000-0000-0000-000000000000", user_guid)
        assert_mx_error(exc.value, 404)
