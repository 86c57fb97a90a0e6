"""Atrium errors and wire tolerances: 401 without or with bad `MX-API-Key` /
`MX-Client-ID`, 406 for another version, another client's guids are 404, bad
input is a 4xx with the Atrium error body and writes nothing, the 26th member is
405; empty bodies, `//` and trailing slashes, percent-encoded segments and
`Content-Type` on GET/DELETE are all fine."""

import time

import requests
from atrium import (
    AtriumClient,
    MemberCreateRequest,
    MemberCreateRequestBody,
    User,
    UserCreateRequestBody,
)

from atrium_helpers import (
    ATRIUM_V1,
    MXBANK,
    RawAtrium,
    assert_atrium_error,
    connect,
    create_member,
    create_user,
    media_type,
    mxbank_credentials,
    sdk_error,
)


def test_missing_or_bad_credentials_are_401(atrium_for, server, client, anon):
    assert_atrium_error(anon.get("/users"), 401)
    only_id = RawAtrium(server.base_url)
    only_id.session.headers["MX-Client-ID"] = client.client_id
    assert_atrium_error(only_id.get("/users"), 401)
    wrong = atrium_for((client.client_id, "not-the-key"))
    assert_atrium_error(sdk_error(wrong.users.list_users), 401)
    empty_key = atrium_for((client.client_id, ""))  # the SDK leaves the header out
    assert_atrium_error(sdk_error(empty_key.users.list_users), 401)


def test_http_basic_works_too(server, client):
    resp = requests.get(server.base_url + "/users", auth=tuple(client), headers={"Accept": ATRIUM_V1}, timeout=30)
    assert resp.status_code == 200 and "users" in resp.json()


def test_wrong_version_is_406(raw):
    assert_atrium_error(raw.get("/users", headers={"Accept": "application/vnd.mx.atrium.v2+json"}), 406)
    assert raw.get("/users", headers={"Accept": "application/json"}).status_code == 200
    assert raw.get("/users", headers={"Accept": None}).status_code == 200


def test_another_clients_guids_are_404(atrium, atrium_for, server, user_guid):
    member = connect(atrium, user_guid)
    account = atrium.accounts.list_user_accounts(user_guid).accounts[0]
    transaction = atrium.transactions.list_user_transactions(user_guid, records_per_page=10).transactions[0]
    other = atrium_for(server.new_client())
    for call, args in [
        (other.users.read_user, (user_guid,)),
        (other.members.list_members, (user_guid,)),
        (other.members.read_member, (member.guid, user_guid)),
        (other.members.read_member_status, (member.guid, user_guid)),
        (other.members.aggregate_member, (member.guid, user_guid)),
        (other.accounts.read_account, (account.guid, user_guid)),
        (other.transactions.read_transaction, (transaction.guid, user_guid)),
        (other.users.delete_user, (user_guid,)),
    ]:
        assert_atrium_error(sdk_error(call, *args), 404)
    other_user = create_user(other)
    assert_atrium_error(sdk_error(other.members.read_member, member.guid, other_user.guid), 404)
    assert_atrium_error(sdk_error(other.accounts.read_account, account.guid, other_user.guid), 404)
    assert atrium.members.read_member(member.guid, user_guid).member.guid == member.guid


def test_bad_user_input_is_400_and_writes_nothing(raw):
    before = raw.count("/users")
    for body, field in [
        ({"user": {"is_disabled": "yes"}}, "user.is_disabled"),
        ({"user": {"metadata": {"a": 1}}}, "user.metadata"),
        ({"user": {"identifier": 12}}, "user.identifier"),
        ({"user": []}, "user"),
        ([{"user": {}}], "body"),
        ({}, "user"),
    ]:
        assert_atrium_error(raw.post("/users", json=body), 400, mentions=[field] if field != "body" else [])
    assert_atrium_error(raw.post("/users", data="{not json", headers={"Content-Type": "application/json"}), 400)
    assert_atrium_error(raw.post("/users", json={"user": {"identifier": " "}}), 400, mentions=["user.identifier"])
    assert raw.count("/users") == before


def test_bad_member_input_is_4xx_and_writes_nothing(atrium, raw, user_guid):
    path = f"/users/{user_guid}/members"
    creds = [{"guid": c.guid, "value": c.value} for c in mxbank_credentials(atrium)]
    cases = [
        ({"member": {"credentials": creds}}, 400),  # no institution_code
        ({"member": {"institution_code": MXBANK}}, 400),  # credentials missing
        ({"member": {"institution_code": MXBANK, "credentials": [{"guid": "CRD-x", "value": "v"}]}}, 422),
        ({"member": {"institution_code": "no_such_bank", "credentials": creds}}, 404),
        ({"member": {"institution_code": MXBANK, "credentials": creds, "skip_aggregation": "no"}}, 400),
        ({"member": {"institution_code": MXBANK, "credentials": creds, "referral_source": "TV"}}, 400),
    ]
    for body, status in cases:
        assert_atrium_error(raw.post(path, json=body), status)
    assert raw.count(path) == 0


def test_member_limit_is_405(atrium, raw, user_guid):
    creds = mxbank_credentials(atrium)
    for _ in range(25):
        create_member(atrium, user_guid, credentials=creds, skip_aggregation=True, expect=200)
    body = MemberCreateRequestBody(
        member=MemberCreateRequest(institution_code=MXBANK, credentials=creds, skip_aggregation=True)
    )
    assert_atrium_error(sdk_error(atrium.members.create_member, user_guid, body), 405)
    assert raw.count(f"/users/{user_guid}/members") == 25


def test_duplicate_member_identifier_is_409(atrium, user_guid):
    create_member(atrium, user_guid, identifier="same", skip_aggregation=True, expect=200)
    body = MemberCreateRequestBody(
        member=MemberCreateRequest(
            institution_code=MXBANK, credentials=mxbank_credentials(atrium), identifier="same", skip_aggregation=True
        )
    )
    assert_atrium_error(sdk_error(atrium.members.create_member, user_guid, body), 409, mentions=["identifier"])


def test_wire_tolerances(server, client, raw, user_guid):
    # A host with a trailing slash makes the SDK send `//users`.
    slashed = AtriumClient(client.api_key, client.client_id, environment=server.base_url + "/")
    configuration = slashed.users.api_client.configuration
    configuration.headers = dict(configuration.headers)  # see atrium_for in conftest.py
    assert slashed.users.read_user(user_guid).user.guid == user_guid
    assert raw.json_ok("GET", f"/users/{user_guid}/")["user"]["guid"] == user_guid
    # Content-Type on GET and DELETE, as the SDK always sends it.
    resp = raw.get("/users", headers={"Content-Type": "application/json"})
    assert resp.status_code == 200
    # Percent-encoded segments are decoded after routing: still one segment.
    assert_atrium_error(raw.get("/users/USR-a%2Fb"), 404)
    assert raw.json_ok("GET", f"/users/{user_guid.replace('-', '%2D')}")["user"]["guid"] == user_guid
    # Body-less POST and PUT.
    member = create_member_raw(raw, user_guid)
    resp = raw.post(f"/users/{user_guid}/members/{member}/aggregate", data=b"")
    assert resp.status_code == 202 and resp.json()["member"]["guid"] == member
    resp = raw.put(f"/users/{user_guid}", data=b"", headers={"Content-Type": "application/json"})
    assert resp.status_code == 200 and resp.json()["user"]["guid"] == user_guid
    assert media_type(resp.headers["Content-Type"]) == ATRIUM_V1
    # Python-style query booleans.
    assert raw.get("/institutions", params={"supports_oauth": "True", "supports_transaction_history": "False"}).ok


def create_member_raw(raw, user_guid: str) -> str:
    fields = raw.json_ok("GET", f"/institutions/{MXBANK}/credentials")["credentials"]
    creds = [{"guid": f["guid"], "value": "test_atrium" if f["type"] == "LOGIN" else "password"} for f in fields]
    body = raw.json_ok(
        "POST", f"/users/{user_guid}/members", status=202, json={"member": {"institution_code": MXBANK, "credentials": creds}}
    )
    guid = body["member"]["guid"]
    for _ in range(300):
        status = raw.json_ok("GET", f"/users/{user_guid}/members/{guid}/status")["member"]
        if not status["is_being_aggregated"]:
            return guid
        time.sleep(0.05)
    raise AssertionError("member never settled")


def test_unknown_routes_are_atrium_404(raw):
    assert_atrium_error(raw.get("/no/such/route"), 404)
    assert_atrium_error(raw.delete("/institutions"), 405)


def test_sdk_create_user_with_disabled_flag(atrium):
    data, status, _ = atrium.users.create_user_with_http_info(UserCreateRequestBody(user=User(is_disabled=False)))
    assert status == 200 and data.user.is_disabled is False
