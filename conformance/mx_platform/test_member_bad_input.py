"""Rejected member requests (raw HTTP: the SDK validates before sending): each
gets a 4xx MX error and leaves nothing half-written."""

import json

import pytest

from .helpers import assert_mx_error, unique
from .members_helpers import (
    MXBANK,
    challenged_mxbank,
    count_members,
    create_mxbank_member,
    read_status,
    resume,
    wait_for_status,
)

MEMBER_LIMIT = 25
NO_SUCH_CREDENTIAL = "CRD-00000000-0000-0000-0000-000000000000"


@pytest.fixture
def creds(raw):
    """``{field_name: guid}`` of MX Bank, plus ``OTHER``: a credential guid of another institution."""
    mxbank = raw.json_ok("GET", f"/institutions/{MXBANK}/credentials")["credentials"]
    found = {c["field_name"]: c["guid"] for c in mxbank}
    for institution in raw.json_ok("GET", "/institutions", params={"records_per_page": 100})["institutions"]:
        if institution["code"] != MXBANK:
            other = raw.json_ok("GET", f"/institutions/{institution['code']}/credentials")["credentials"]
            if other:
                found["OTHER"] = other[0]["guid"]
                return found
    raise AssertionError("no other institution with credentials")


def member_body(c, credentials=None, top=None, **fields) -> dict:
    """A valid create body (MX Bank, skip_aggregation) with the given changes."""
    if credentials is None:
        credentials = [{"guid": c["LOGIN"], "value": "someone"}, {"guid": c["PASSWORD"], "value": "password"}]
    member = {"institution_code": MXBANK, "credentials": credentials, "skip_aggregation": True, **fields}
    return {"member": member, **(top or {})}


def without(body: dict, key: str) -> dict:
    body["member"].pop(key)
    return body


# name -> (body builder taking the credential guids, or raw bytes; status; fields the message must name)
BAD_CREATES = {
    "unknown-institution": (lambda c: member_body(c, institution_code="no_such_bank"), 404, []),
    "missing-institution_code": (lambda c: without(member_body(c), "institution_code"), 400, ["institution_code"]),
    "missing-password": (
        lambda c: member_body(c, credentials=[{"guid": c["LOGIN"], "value": "someone"}]), 400, ["credentials"]),
    "no-credentials": (lambda c: member_body(c, credentials=[]), 400, ["credentials"]),
    "unknown-credential-guid": (lambda c: member_body(c, credentials=[
        {"guid": c["LOGIN"], "value": "someone"}, {"guid": c["PASSWORD"], "value": "password"},
        {"guid": NO_SUCH_CREDENTIAL, "value": "extra"}]), 422, []),
    "credential-of-another-institution": (lambda c: member_body(c, credentials=[
        {"guid": c["LOGIN"], "value": "someone"}, {"guid": c["PASSWORD"], "value": "password"},
        {"guid": c["OTHER"], "value": "extra"}]), 422, []),
    "same-field-twice": (lambda c: member_body(c, credentials=[
        {"guid": c["LOGIN"], "value": "someone"}, {"guid": c["PASSWORD"], "value": "password"},
        {"guid": c["PASSWORD"], "value": "password2"}]), 422, []),
    "same-field-by-guid-and-name": (lambda c: member_body(c, credentials=[
        {"guid": c["LOGIN"], "value": "someone"}, {"guid": c["PASSWORD"], "value": "password"},
        {"field_name": "PASSWORD", "value": "password2"}]), 422, []),
    "credentials-object": (
        lambda c: member_body(c, credentials={"guid": c["PASSWORD"], "value": "password"}), 400, ["credentials"]),
    "credentials-string": (lambda c: member_body(c, credentials="password"), 400, ["credentials"]),
    "referral_source-unknown": (lambda c: member_body(c, top={"referral_source": "NOPE"}), 400, ["referral_source"]),
    "use_cases-unknown": (lambda c: member_body(c, use_cases=["X"]), 400, ["use_cases"]),
    "missing-envelope": (lambda c: member_body(c)["member"], 400, ["member"]),
    "malformed-json": (b'{"member": {"institution_code": "mxbank", ', 400, []),
}


@pytest.mark.parametrize("build,status,mentions", BAD_CREATES.values(), ids=BAD_CREATES.keys())
def test_bad_create_member(raw, user_guid, creds, build, status, mentions):
    before = count_members(raw, user_guid)
    body = build if isinstance(build, bytes) else json.dumps(build(creds)).encode()

    resp = raw.post(f"/users/{user_guid}/members", data=body, headers={"Content-Type": "application/json"})

    assert_mx_error(resp, status, mentions=mentions)
    assert count_members(raw, user_guid) == before, "a rejected create must not create a member"


def test_duplicate_member_id_is_409(raw, user_guid, creds):
    partner_id = unique("dup")
    first = raw.post(f"/users/{user_guid}/members", json=member_body(creds, id=partner_id))
    assert first.status_code == 200, first.text[:500]

    assert_mx_error(raw.post(f"/users/{user_guid}/members", json=member_body(creds, id=partner_id)), 409)
    assert count_members(raw, user_guid) == 1
    second_user = raw.json_ok("POST", "/users", json={"user": {}})["user"]["guid"]
    assert_mx_error(raw.post(f"/users/{second_user}/members", json=member_body(creds, id=partner_id)), 409)
    assert count_members(raw, second_user) == 0


def test_26th_member_is_422(members_api, institutions_api, raw, user_guid, creds):
    for _ in range(MEMBER_LIMIT):
        create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True)
    assert count_members(raw, user_guid) == MEMBER_LIMIT

    assert_mx_error(raw.post(f"/users/{user_guid}/members", json=member_body(creds)), 422)
    assert count_members(raw, user_guid) == MEMBER_LIMIT


# name -> resume body (dict, or raw bytes)
BAD_RESUMES = {
    "empty-challenges": {"member": {"challenges": []}},
    "no-challenges-key": {"member": {}},
    "missing-envelope": {"challenges": [{"guid": NO_SUCH_CREDENTIAL, "value": "correct"}]},
    "answer-without-value": "WITHOUT_VALUE",
    "malformed-json": b'{"member": {"challenges": [',
}


@pytest.mark.parametrize("body", BAD_RESUMES.values(), ids=BAD_RESUMES.keys())
def test_bad_resume_is_400(members_api, institutions_api, raw, user_guid, body):
    member, status = challenged_mxbank(members_api, institutions_api, user_guid)
    (challenge,) = status.challenges
    if body == "WITHOUT_VALUE":
        body = {"member": {"challenges": [{"guid": challenge.guid}]}}
    data = body if isinstance(body, bytes) else json.dumps(body).encode()

    resp = raw.put(f"/users/{user_guid}/members/{member.guid}/resume", data=data,
                   headers={"Content-Type": "application/json"})

    assert_mx_error(resp, 400)
    still = read_status(members_api, user_guid, member.guid)
    assert still.connection_status == "CHALLENGED" and [c.guid for c in still.challenges] == [challenge.guid]
    resume(members_api, user_guid, member.guid, [(challenge.guid, "correct")])
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED", stale_challenges=[challenge.guid])
