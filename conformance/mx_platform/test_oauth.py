"""OAuth members at MX Bank OAuth (``mx_bank_oauth``): PENDING members, the
``oauth_window_uri`` provider page, authorize / deny for browsers and apps,
fresh links, one-time links and the 1 h PENDING lifetime."""

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from mx_platform_python.exceptions import ApiException, NotFoundException

from .helpers import assert_mx_error
from .members_helpers import (
    MXBANK,
    MXBANK_OAUTH,
    PENDING_OAUTH_LIFETIME_S,
    count_members,
    create_member,
    create_mxbank_member,
    raw_list_all,
    raw_member,
    read_member,
    wait_for_status,
)

FORM_ACTION_RE = re.compile(r"<form\b[^>]*\baction=\"([^\"]+)\"", re.IGNORECASE)


@pytest.fixture
def browser():
    """An end user's browser: no API credentials, no proxies."""
    with requests.Session() as session:
        session.trust_env = False
        yield session


def create_oauth_member(members_api, user_guid, **kwargs):
    """``is_oauth: true`` with ``credentials=[]`` (the SDK requires the list): 200 and PENDING."""
    member = create_member(members_api, user_guid, MXBANK_OAUTH, [], status=200, is_oauth=True, **kwargs)
    assert (member.connection_status, member.is_oauth, member.is_being_aggregated) == ("PENDING", True, False)
    return member


def check_window_uri(server, uri: str, member_guid: str, referral_source: str) -> str:
    """An absolute URL on the server: ``/oauth/predirect_to/<member>/<token>?…``. Returns the token."""
    assert isinstance(uri, str) and uri.startswith(server.base_url + "/"), uri
    parts = urlsplit(uri)
    assert parts.scheme == "http", uri
    match = re.fullmatch(r"/oauth/predirect_to/([^/]+)/([^/]+)", parts.path)
    assert match and match.group(1) == member_guid, uri
    assert parts.query, uri
    assert parse_qs(parts.query).get("referral_source") == [referral_source], uri
    return match.group(2)


def open_window(browser, server, uri: str, member_guid: str) -> str:
    """GET the provider page; returns the absolute URL its form posts to."""
    resp = browser.get(uri, allow_redirects=False, timeout=30)
    assert resp.status_code == 200, f"GET {uri}: {resp.status_code} {resp.text[:300]}"
    assert resp.headers.get("Content-Type", "").startswith("text/html"), resp.headers
    match = FORM_ACTION_RE.search(resp.text)
    assert match, f"no <form action=...> in {resp.text[:1000]}"
    action = html.unescape(match.group(1))
    token = urlsplit(uri).path.rsplit("/", 1)[1]
    assert action == f"/oauth/complete/{member_guid}/{token}", action
    assert 'id="authorize"' in resp.text and 'id="deny"' in resp.text, resp.text[:1000]
    return urljoin(server.base_url, action)


def decide(browser, action_url: str, decision: str) -> requests.Response:
    return browser.post(action_url, data={"decision": decision}, allow_redirects=False, timeout=30)


def assert_browser_result(resp, status: str):
    assert resp.status_code == 200, f"{resp.status_code} {resp.text[:300]}"
    assert resp.headers.get("Content-Type", "").startswith("text/html"), resp.headers
    assert f'data-status="{status}"' in resp.text, resp.text[:1000]


def assert_app_redirect(resp, member_guid: str, status: str, scheme: str = "myapp"):
    assert resp.status_code == 303, f"{resp.status_code} {resp.text[:300]}"
    location = resp.headers["Location"]
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == (scheme, "oauth_complete"), location
    assert parse_qs(parts.query) == {"status": [status], "member_guid": [member_guid]}, location


def member_accounts(raw, user_guid, member_guid) -> list:
    return raw_list_all(raw, f"/users/{user_guid}/members/{member_guid}/accounts", "accounts")


def test_create_oauth_member_is_pending_with_a_window_uri(server, members_api, raw, user_guid):
    member = create_oauth_member(members_api, user_guid)

    check_window_uri(server, member.oauth_window_uri, member.guid, "BROWSER")
    body = raw_member(raw, user_guid, member.guid)
    assert (body["connection_status"], body["is_oauth"], body["institution_code"]) == ("PENDING", True, MXBANK_OAUTH)
    assert body["oauth_window_uri"] == member.oauth_window_uri
    assert members_api.list_member_challenges(member.guid, user_guid) is None


def test_authorize_in_a_browser_connects(server, members_api, raw, browser, user_guid):
    member = create_oauth_member(members_api, user_guid)
    action = open_window(browser, server, member.oauth_window_uri, member.guid)

    assert_browser_result(decide(browser, action, "authorize"), "success")

    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
    assert member_accounts(raw, user_guid, member.guid)
    connected = read_member(members_api, user_guid, member.guid)
    assert connected.is_oauth is True and connected.successfully_aggregated_at


def test_deny_in_a_browser_is_denied(server, members_api, raw, browser, user_guid):
    member = create_oauth_member(members_api, user_guid)
    action = open_window(browser, server, member.oauth_window_uri, member.guid)

    assert_browser_result(decide(browser, action, "deny"), "error")

    wait_for_status(members_api, user_guid, member.guid, "DENIED")
    assert member_accounts(raw, user_guid, member.guid) == []


@pytest.mark.parametrize("decision,status,end_state", [
    ("authorize", "success", "CONNECTED"),
    ("deny", "error", "DENIED"),
])
def test_app_referral_redirects_to_the_app(server, members_api, browser, user_guid, decision, status, end_state):
    member = create_oauth_member(members_api, user_guid, referral_source="APP", ui_message_webview_url_scheme="myapp")
    check_window_uri(server, member.oauth_window_uri, member.guid, "APP")
    action = open_window(browser, server, member.oauth_window_uri, member.guid)

    assert_app_redirect(decide(browser, action, decision), member.guid, status)

    wait_for_status(members_api, user_guid, member.guid, end_state)


def test_a_link_works_only_once(server, members_api, browser, user_guid):
    member = create_oauth_member(members_api, user_guid)
    action = open_window(browser, server, member.oauth_window_uri, member.guid)
    assert_browser_result(decide(browser, action, "authorize"), "success")

    again = browser.get(member.oauth_window_uri, allow_redirects=False, timeout=30)
    reused = decide(browser, action, "deny")

    for resp in (again, reused):
        assert resp.status_code == 400, f"{resp.status_code} {resp.text[:300]}"
        assert resp.headers.get("Content-Type", "").startswith("text/html"), resp.headers
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")


def test_request_oauth_window_uri_gives_a_fresh_working_link(server, members_api, widgets_api, raw, browser,
                                                             user_guid):
    member = create_oauth_member(members_api, user_guid)

    resp = widgets_api.request_o_auth_window_uri_with_http_info(
        member.guid, user_guid, referral_source="APP", ui_message_webview_url_scheme="myapp", skip_aggregation=False)

    assert resp.status_code == 200, resp.raw_data
    assert resp.data.member.guid == member.guid
    uri = resp.data.member.oauth_window_uri
    assert uri != member.oauth_window_uri
    check_window_uri(server, uri, member.guid, "APP")
    action = open_window(browser, server, uri, member.guid)
    assert_app_redirect(decide(browser, action, "authorize"), member.guid, "success")
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
    assert member_accounts(raw, user_guid, member.guid)


def test_skip_aggregation_connects_without_accounts(server, members_api, widgets_api, raw, browser, user_guid):
    member = create_oauth_member(members_api, user_guid)
    uri = widgets_api.request_o_auth_window_uri(member.guid, user_guid, skip_aggregation=True).member.oauth_window_uri
    check_window_uri(server, uri, member.guid, "BROWSER")
    action = open_window(browser, server, uri, member.guid)

    assert_browser_result(decide(browser, action, "authorize"), "success")

    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
    assert member_accounts(raw, user_guid, member.guid) == []


def test_oauth_window_uri_of_a_non_oauth_member_is_400(members_api, institutions_api, widgets_api, user_guid):
    member = create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True)

    with pytest.raises(ApiException) as exc:
        widgets_api.request_o_auth_window_uri(member.guid, user_guid, referral_source="BROWSER")

    assert assert_mx_error(exc.value, 400) == "Member cannot use OAuth."


def test_is_oauth_at_an_institution_without_oauth_is_400(raw, user_guid):
    body = {"member": {"institution_code": MXBANK, "credentials": [], "is_oauth": True}}

    assert_mx_error(raw.post(f"/users/{user_guid}/members", json=body), 400)
    assert count_members(raw, user_guid) == 0


def test_pending_member_is_deleted_after_an_hour(server, members_api, raw, browser, user_guid, advance_clock):
    pending = create_oauth_member(members_api, user_guid)
    authorized = create_oauth_member(members_api, user_guid)
    action = open_window(browser, server, authorized.oauth_window_uri, authorized.guid)
    assert_browser_result(decide(browser, action, "authorize"), "success")
    wait_for_status(members_api, user_guid, authorized.guid, "CONNECTED")

    advance_clock(PENDING_OAUTH_LIFETIME_S + 1)

    with pytest.raises(NotFoundException) as exc:
        members_api.read_member(pending.guid, user_guid)
    assert_mx_error(exc.value, 404)
    assert [m.guid for m in members_api.list_members(user_guid).members] == [authorized.guid]
    assert read_member(members_api, user_guid, authorized.guid).connection_status == "CONNECTED"
    assert browser.get(pending.oauth_window_uri, allow_redirects=False, timeout=30).status_code in (400, 404)
