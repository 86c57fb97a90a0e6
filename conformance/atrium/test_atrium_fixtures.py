"""The guide's test endpoints (spec §4.6): user `test_atrium`, member
`test_atrium_member` or a connection status / challenge type in its place, and the
`/test_*` routes only raw HTTP reaches. Static data, the same for every client."""

import base64
import json
import urllib.parse

import pytest
from atrium import (
    ConnectWidgetRequestBody,
    CredentialRequest,
    MemberResumeRequest,
    MemberResumeRequestBody,
    MemberUpdateRequest,
    MemberUpdateRequestBody,
    User,
    UserUpdateRequestBody,
)

from atrium_helpers import PAGINATION_KEYS, assert_atrium_error, sdk_error

U = "test_atrium"
M = "test_atrium_member"


def test_user_fixture(atrium):
    user = atrium.users.read_user(U).user
    assert (user.guid, user.identifier, user.is_disabled) == (U, "unique_id", False)
    updated = atrium.users.update_user(U, body=UserUpdateRequestBody(user=User(metadata="{}"))).user
    assert updated.guid == U
    assert atrium.users.delete_user_with_http_info(U)[1] == 204
    assert atrium.users.read_user(U).user.guid == U  # nothing really deleted


def test_member_fixtures(atrium):
    member = atrium.members.read_member(M, U).member
    assert (member.guid, member.connection_status, member.status) == (M, "CONNECTED", "COMPLETED")
    assert member.institution_code == "chase" and member.user_guid == U
    listed = atrium.members.list_members(U)
    assert [m.guid for m in listed.members] == [M]
    for status in ("challenged", "DENIED", "Failed"):
        read = atrium.members.read_member(status, U).member
        assert read.guid == M and read.connection_status == status.upper()
    body = MemberUpdateRequestBody(member=MemberUpdateRequest(metadata="x"))
    assert atrium.members.update_member("locked", U, body=body).member.connection_status == "LOCKED"
    assert atrium.members.aggregate_member(M, U).member.connection_status == "CONNECTED"
    assert atrium.members.delete_member_with_http_info(M, U)[1] == 204
    assert_atrium_error(sdk_error(atrium.members.read_member, "not_a_status", U), 404)


def test_status_and_challenge_fixtures(atrium):
    status = atrium.members.read_member_status("challenged", U).member
    assert (status.connection_status, status.status, status.is_being_aggregated) == ("CHALLENGED", "COMPLETED", False)
    assert status.has_processed_accounts is True and status.has_processed_transactions is False
    assert status.challenges and status.challenges[0].type == "TEXT"
    connected = atrium.members.read_member_status(M, U).member
    assert connected.connection_status == "CONNECTED" and connected.challenges is None

    expected = {"text": "TEXT", "options": "OPTIONS", "image": "IMAGE_DATA", "image_options": "IMAGE_OPTIONS"}
    for placeholder, kind in expected.items():
        [challenge] = atrium.members.list_member_mfa_challenges(placeholder, U).challenges
        assert challenge.type == kind and challenge.guid.startswith("CRD-")
    [options] = atrium.members.list_member_mfa_challenges("options", U).challenges
    assert [o.value for o in options.options] == ["OPTION0", "OPTION1", "OPTION2"]
    [image] = atrium.members.list_member_mfa_challenges("image_options", U).challenges
    assert all(o.data_uri.startswith("data:image/") for o in image.image_options)
    assert atrium.members.list_member_mfa_challenges_with_http_info(M, U)[1] == 204

    answer = MemberResumeRequestBody(member=MemberResumeRequest(challenges=[CredentialRequest(guid="g", value="v")]))
    resumed = atrium.members.resume_member(M, U, answer).member
    assert (resumed.connection_status, resumed.status) == ("RESUMED", "REQUESTED")


def test_data_fixtures(atrium):
    accounts = atrium.accounts.list_user_accounts(U)
    assert accounts.accounts[0].guid == "ACT-7129bwf4-b583-cee5-31e5-36d5e3db238c"
    assert accounts.pagination.total_entries == len(accounts.accounts)
    assert atrium.members.list_member_accounts(M, U).accounts[0].name == "Checking 10261"
    account = atrium.accounts.read_account("test_atrium_account", U).account
    assert (account.balance, account.type) == (2263.28, "CHECKING")
    txns = atrium.accounts.list_account_transactions("test_atrium_account", U).transactions
    assert [t.description for t in txns] == ["Whole Foods", "Audible"]
    assert txns[0].check_number == 1234 and txns[0]._date == "2013-09-23"
    assert len(atrium.transactions.list_user_transactions(U).transactions) == 2
    assert len(atrium.members.list_member_transactions(M, U).transactions) == 2
    one = atrium.transactions.read_transaction("test_atrium_transaction", U).transaction
    assert one.original_description == "WHOLEFDS TSQ 102"
    credentials = atrium.members.list_member_credentials(M, U).credentials
    assert [c.type for c in credentials] == ["LOGIN", "PASSWORD"]
    assert atrium.merchants.read_merchant("test_atrium_merchant").merchant.name == "Comcast"
    assert_atrium_error(sdk_error(atrium.accounts.read_account, "test_nope", U), 404)


def test_institution_fixtures(atrium, raw):
    bank = atrium.institutions.read_institution("test_mxbank").institution
    assert bank.code == "mxbank" and bank.supports_account_verification is False
    fields = atrium.institutions.read_institution_credentials("test_mxbank").credentials
    assert [f.field_name for f in fields] == ["LOGIN", "PASSWORD"]
    listed = raw.json_ok("GET", "/test_institutions")
    assert [i["code"] for i in listed["institutions"]] == ["mxbank", "chase"]
    assert set(listed["pagination"]) == PAGINATION_KEYS


def test_widget_fixture_encodes_the_config(atrium):
    body = ConnectWidgetRequestBody(
        ui_message_version=1, ui_message_webview_url_scheme="atrium", current_institution_code="mxbank",
        current_member_guid=M, is_mobile_webview=True,
    )
    widget = atrium.connect_widget.get_connect_widget(U, body).user
    assert widget.guid == U
    segment = widget.connect_widget_url.rsplit("/", 1)[1]
    config = json.loads(base64.b64decode(urllib.parse.unquote(segment)))
    assert config["current_member_guid"] == M and config["is_mobile_webview"] is True


def test_raw_only_routes(raw):
    created = raw.json_ok("POST", "/test_users", json={"user": {"identifier": "unique_id", "metadata": "{}"}})
    assert created["user"]["guid"] == U and created["user"]["identifier"] == "unique_id"
    users = raw.json_ok("GET", "/test_users")
    assert [u["guid"] for u in users["users"]] == [U, U]
    sample = {"transactions": [
        {"amount": 11.22, "description": "BEER BAR 65000000764SALT LAKE C", "identifier": "12", "type": "DEBIT"},
    ]}
    cleansed = raw.json_ok("POST", "/test_transactions/cleanse_and_categorize", json=sample)["transactions"]
    assert [t["category"] for t in cleansed] == ["Alcohol & Bars", "Fast Food", "Credit Card Payment"]


@pytest.mark.parametrize("path", ["/users/test_atrium", "/test_users", "/test_institutions"])
def test_fixtures_need_credentials(anon, path):
    assert_atrium_error(anon.get(path), 401)
