"""The connect widget URL: a one-time URL to Polyfin's Connect page (the real MX
Connect widget, driven by the browser tests in e2e/)."""

import requests
from atrium import ConnectWidgetRequestBody

from atrium_helpers import assert_atrium_error, connect, sdk_error


def test_connect_widget_url(atrium, server, user_guid):
    data, status, _ = atrium.connect_widget.get_connect_widget_with_http_info(user_guid, ConnectWidgetRequestBody())
    assert status == 200
    widget = data.user
    assert widget is not None and widget.guid == user_guid
    assert widget.connect_widget_url.startswith(server.base_url + "/widgets/connect_widget/")

    page = requests.get(widget.connect_widget_url, timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert 'id="polyfin-session"' in page.text and user_guid in page.text
    assert requests.get(widget.connect_widget_url, timeout=30).status_code == 410, "used once"


def test_connect_widget_options_are_checked(atrium, user_guid):
    member = connect(atrium, user_guid)
    body = ConnectWidgetRequestBody(
        is_mobile_webview=True,
        current_institution_code="mxbank",
        current_member_guid=member.guid,
        update_credentials=True,
        ui_message_version=4,
        ui_message_webview_url_scheme="myapp",
        color_scheme="dark",
        mode="aggregation",
        wait_for_full_aggregation=True,
    )
    assert atrium.connect_widget.get_connect_widget(user_guid, body).user.guid == user_guid
    bad_member = ConnectWidgetRequestBody(current_member_guid="MBR-nope")
    assert_atrium_error(sdk_error(atrium.connect_widget.get_connect_widget, user_guid, bad_member), 404)
    bad_mode = ConnectWidgetRequestBody(mode="sideways")
    assert_atrium_error(sdk_error(atrium.connect_widget.get_connect_widget, user_guid, bad_mode), 400, ["mode"])
    bad_user = sdk_error(atrium.connect_widget.get_connect_widget, "USR-nope", ConnectWidgetRequestBody())
    assert_atrium_error(bad_user, 404)


def test_mx_style_config_wrapper_is_accepted(raw, user_guid):
    body = raw.json_ok("POST", f"/users/{user_guid}/connect_widget_url", json={"config": {"mode": "verification"}})
    assert body["user"]["guid"] == user_guid and body["user"]["connect_widget_url"]
