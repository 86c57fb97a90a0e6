"""Widget URLs through the official SDK: every widget type gets a one-time URL on
this server. The Connect widget's opens Polyfin's Connect page once (the browser
tests in e2e/ drive it); the other types' pages say plainly that the widget is not
available yet (no fake widget). The deprecated Connect URL; option validation."""

import pytest
import requests
from mx_platform_python.exceptions import ApiException, BadRequestException, NotFoundException
from mx_platform_python.models import (
    ConnectWidgetRequest,
    ConnectWidgetRequestBody,
    WidgetRequest,
    WidgetRequestBody,
)

from .helpers import assert_mx_error, create_user, unique
from .members_helpers import create_mxbank_member

# The six the spec names and the rest of MX's web-widget SDK `Type` enum.
WIDGET_TYPES = [
    "accounts_widget", "budgets_widget", "connect_widget", "connections_widget", "debts_widget",
    "finstrong_widget", "goals_widget", "help_widget", "master_widget", "micro_pulse_carousel_widget",
    "mini_budgets_widget", "mini_finstrong_widget", "mini_pulse_carousel_widget", "mini_spending_widget",
    "pulse_widget", "settings_widget", "spending_widget", "transactions_widget", "trends_widget",
]


def request_url(widgets_api, user_guid, accept_language=None, **options):
    body = WidgetRequestBody(widget_url=WidgetRequest(**options))
    resp = widgets_api.request_widget_url_with_http_info(user_guid, body, accept_language=accept_language)
    assert resp.status_code == 200, resp.raw_data
    return resp.data.widget_url


def open_page(url: str) -> requests.Response:
    with requests.Session() as http:
        http.trust_env = False
        return http.get(url, timeout=30)


@pytest.mark.parametrize("widget_type", WIDGET_TYPES)
def test_every_widget_type_gets_a_url_to_an_honest_page(server, widgets_api, users_api, widget_type):
    partner_id = unique("user")
    user_guid = create_user(users_api, id=partner_id).guid
    widget = request_url(widgets_api, user_guid, widget_type=widget_type)
    assert (widget.type, widget.user_id) == (widget_type, partner_id)
    prefix = f"{server.base_url}/widgets/{widget_type}/"
    assert widget.url.startswith(prefix) and len(widget.url) > len(prefix) + 16, widget.url
    page = open_page(widget.url)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    if widget_type == "connect_widget":
        assert 'id="polyfin-session"' in page.text and user_guid in page.text
        again = open_page(widget.url)
        assert again.status_code == 410 and user_guid not in again.text
    else:
        assert "not available yet" in page.text


def test_urls_are_one_time_tokens(widgets_api, user_guid):
    urls = {request_url(widgets_api, user_guid, widget_type="connect_widget").url for _ in range(3)}
    assert len(urls) == 3


def test_connect_options_and_language_are_accepted(widgets_api, user_guid):
    widget = request_url(
        widgets_api, user_guid, accept_language="fr-CA", widget_type="connect_widget", mode="verification",
        color_scheme="dark", current_institution_code="mxbank", disable_institution_search=True,
        include_transactions=False, is_mobile_webview=True, ui_message_version=4,
        ui_message_webview_url_scheme="myapp", oauth_referral_source="APP", use_cases=["PFM"],
        iso_country_code=["US", "CA"])
    assert widget.type == "connect_widget"
    pulse = request_url(widgets_api, user_guid, accept_language="es", widget_type="pulse_widget",
                        color_scheme="browser", insight_guid="BCN-123")
    assert pulse.type == "pulse_widget"


@pytest.mark.filterwarnings("ignore:POST /users/{user_guid}/connect_widget_url is deprecated:DeprecationWarning")
def test_deprecated_connect_widget_url(server, widgets_api, user_guid):
    body = ConnectWidgetRequestBody(config=ConnectWidgetRequest(is_mobile_webview=True, mode="aggregation"))
    resp = widgets_api.request_connect_widget_url_with_http_info(user_guid, body)
    assert resp.status_code == 200, resp.raw_data
    assert resp.data.user.guid == user_guid
    assert resp.data.user.connect_widget_url.startswith(f"{server.base_url}/widgets/connect_widget/")
    page = open_page(resp.data.user.connect_widget_url).text
    assert '"is_mobile_webview":true' in page and user_guid in page


BAD_OPTIONS = {
    "missing-type": ({}, 400, ["widget_url.widget_type"]),
    "unknown-type": ({"widget_type": "teleport_widget"}, 400, ["widget_url.widget_type"]),
    "bad-color": ({"widget_type": "connect_widget", "color_scheme": "pink"}, 400, ["widget_url.color_scheme"]),
    "bad-mode": ({"widget_type": "connect_widget", "mode": "sideways"}, 400, ["widget_url.mode"]),
    "search-disabled-alone": (
        {"widget_type": "connect_widget", "disable_institution_search": True}, 400,
        ["widget_url.disable_institution_search"]),
    "string-bool": ({"widget_type": "connect_widget", "is_mobile_webview": "yes"}, 400, ["widget_url.is_mobile_webview"]),
    "bad-referral": ({"widget_type": "connect_widget", "oauth_referral_source": "FAX"}, 400,
                     ["widget_url.oauth_referral_source"]),
    "unknown-member": ({"widget_type": "connect_widget", "current_member_guid": "MBR-00000000-0000-0000-0000-000000000000"},
                       404, []),
    "unknown-institution": ({"widget_type": "connect_widget", "current_institution_code": "no_such_bank"}, 404, []),
}


@pytest.mark.parametrize("case", BAD_OPTIONS)
def test_bad_options_are_refused(raw, user_guid, case):
    options, status, mentions = BAD_OPTIONS[case]
    resp = raw.post(f"/users/{user_guid}/widget_urls", json={"widget_url": options})
    assert_mx_error(resp, status, mentions)


@pytest.mark.filterwarnings("ignore:POST /users/{user_guid}/connect_widget_url is deprecated:DeprecationWarning")
def test_sdk_errors_and_other_users(widgets_api, users_api, members_api, institutions_api, user_guid):
    with pytest.raises(BadRequestException) as caught:
        request_url(widgets_api, user_guid, widget_type="connect_widget", mode="sideways")
    assert_mx_error(caught.value, 400, ["widget_url.mode"])
    other_user = create_user(users_api).guid
    member = create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True)
    with pytest.raises(NotFoundException):
        request_url(widgets_api, other_user, widget_type="connect_widget", current_member_guid=member.guid)
    with pytest.raises(ApiException):
        widgets_api.request_connect_widget_url(
            user_guid, ConnectWidgetRequestBody(config=ConnectWidgetRequest(color_scheme="pink")))
    assert request_url(widgets_api, user_guid, widget_type="connect_widget", current_member_guid=member.guid).url
