"""Link Money's developer configuration (`POST /configuration`, spec §4.3), FinSight
fields on transactions (§4.1) and `/item/import`, which gives a Plaid app an access
token for a member created through the MX API ("vice versa" of one item = one member).

plaid-python has no method for `/configuration`, so it is called over HTTP with the
same credentials the SDK sends; everything else goes through the SDK."""

import json

import plaid
import pytest
import requests
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.item_import_request import ItemImportRequest
from plaid.model.item_import_request_user_auth import ItemImportRequestUserAuth
from plaid.model.products import Products
from plaid.model.sandbox_item_fire_webhook_request import SandboxItemFireWebhookRequest
from plaid.model.transactions_get_request import TransactionsGetRequest
from plaid.model.transactions_get_request_options import TransactionsGetRequestOptions
from plaid.model.webhook_type import WebhookType
from plaid.model.accounts_get_request import AccountsGetRequest

from plaid_helpers import api, error_code, eventually, link_item, wide_window
# The webhook suite's receiver and server fixtures (imported fixtures are per module).
from test_plaid_webhooks import hook_server, receiver, server_now, verify  # noqa: F401

MX = {"Accept": "application/vnd.mx.api.v1+json", "Content-Type": "application/json"}
FINSIGHT_KEYS = {"insight_text", "recommendation", "amountFound"}


def configure(server, creds, body):
    return requests.post(server.url("/v1/plaid/configuration"), json=body, timeout=30,
                         headers={"PLAID-CLIENT-ID": creds.client_id, "PLAID-SECRET": creds.api_key})


def test_defaults_then_a_partial_update(server, client):
    resp = configure(server, client, {})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["request_id"]
    assert body["configuration"] == {
        "client_id": client.client_id, "data_format": "plaid", "webhook_url": None,
        "webhook_subscriptions": ["*"], "include_finsights": False, "environment": "sandbox"}
    resp = configure(server, client, {"include_finsights": True, "webhook_subscriptions": [
        {"webhook_type": "TRANSACTIONS", "webhook_code": "*"}]})
    assert resp.status_code == 200, resp.text
    config = configure(server, client, {}).json()["configuration"]
    assert config["include_finsights"] is True
    assert config["webhook_subscriptions"] == [{"webhook_type": "TRANSACTIONS", "webhook_code": "*"}]
    assert config["webhook_url"] is None and config["data_format"] == "plaid"


@pytest.mark.parametrize("body, field", [
    ({"data_format": "yodlee"}, "data_format"),
    ({"environment": "production"}, "environment"),
    ({"include_finsights": "yes"}, "include_finsights"),
    ({"webhook_url": 42}, "webhook_url"),
    ({"webhook_url": "http://127.0.0.1:9/hook"}, "webhook_url"),
    ({"webhook_subscriptions": [{"webhook_type": "NOPE", "webhook_code": "X"}]},
     "webhook_subscriptions[0].webhook_type"),
    ({"webhook_subscriptions": "*"}, "webhook_subscriptions"),
])
def test_bad_input_is_an_invalid_field_and_changes_nothing(server, client, body, field):
    resp = configure(server, client, dict(body, include_finsights=True)
                     if "include_finsights" not in body else body)
    assert resp.status_code == 400, resp.text
    error = resp.json()
    assert error["error_type"] == "INVALID_REQUEST" and error["error_code"] == "INVALID_FIELD"
    assert field in error["error_message"]
    assert configure(server, client, {}).json()["configuration"]["include_finsights"] is False


def test_bad_credentials_are_refused(server, client):
    resp = requests.post(server.url("/v1/plaid/configuration"), json={}, timeout=30,
                         headers={"PLAID-CLIENT-ID": client.client_id, "PLAID-SECRET": "wrong"})
    assert resp.status_code == 400
    assert resp.json()["error_code"] == "INVALID_API_KEYS"


def _transactions(client_api, token, **options):
    start, end = wide_window()
    resp = client_api.transactions_get(TransactionsGetRequest(
        access_token=token, start_date=start, end_date=end,
        options=TransactionsGetRequestOptions(count=500, **options)))
    return [t.to_dict() for t in resp.transactions]


def test_finsight_fields_on_request_and_by_configuration(server, client):
    client_api = api(server, client)
    token, _ = link_item(client_api, products=("transactions",))
    plain = _transactions(client_api, token)
    assert plain and not any("uid" in t or FINSIGHT_KEYS & t.keys() for t in plain)

    advised = _transactions(client_api, token, include_finsights=True)
    assert all(t.get("uid", "").startswith("USR-") for t in advised)
    with_advice = [t for t in advised if FINSIGHT_KEYS <= t.keys()]
    assert with_advice, "the sandbox household has coffee, groceries, fuel or fees"
    for t in with_advice:
        assert t["amount"] > 0, "only money going out gets advice"
        assert 0 < t["amountFound"] <= t["amount"]
        assert f"{t['amountFound']:.2f}" in t["insight_text"]
    recommended = [t for t in with_advice if "insight_ctaurl" in t]
    for t in recommended:
        assert t["insight_ctaurl"].startswith("https://")
        logo = requests.get(t["finsight_image"], timeout=30)
        assert logo.status_code == 200 and "svg" in logo.headers["content-type"]

    assert configure(server, client, {"include_finsights": True}).status_code == 200
    assert all("uid" in t for t in _transactions(client_api, token))
    assert not any("uid" in t for t in _transactions(client_api, token, include_finsights=False))


def _mx_member(server, creds):
    user = requests.post(server.url("/users"), auth=creds, headers=MX,
                         data=json.dumps({"user": {"id": "import-me"}})).json()["user"]
    fields = requests.get(server.url("/institutions/mxbank/credentials"), auth=creds,
                          headers=MX).json()["credentials"]
    values = {"TEXT": "user_good", "PASSWORD": "pass_good"}
    body = {"member": {"institution_code": "mxbank", "credentials": [
        {"guid": f["guid"], "value": values[f["field_type"]]} for f in fields]}}
    resp = requests.post(server.url(f"/users/{user['guid']}/members"), auth=creds, headers=MX,
                         data=json.dumps(body))
    assert resp.status_code in (200, 202), resp.text
    member = resp.json()["member"]
    status_url = server.url(f"/users/{user['guid']}/members/{member['guid']}/status")
    assert eventually(lambda: requests.get(status_url, auth=creds, headers=MX)
                      .json()["member"]["connection_status"] == "CONNECTED")
    return user["guid"], member["guid"]


def _import(client_api, user_id, auth_token):
    return client_api.item_import(ItemImportRequest(
        products=[Products("transactions")],
        user_auth=ItemImportRequestUserAuth(user_id=user_id, auth_token=auth_token)))


def test_item_import_gives_an_access_token_for_an_mx_member(server, client):
    user_guid, member_guid = _mx_member(server, client)
    client_api = api(server, client)
    token = _import(client_api, user_guid, member_guid).access_token
    assert token.startswith("access-sandbox-")
    item = client_api.item_get(ItemGetRequest(access_token=token)).item
    assert item.institution_name == "MX Bank"
    accounts = client_api.accounts_get(AccountsGetRequest(access_token=token)).accounts
    mx_accounts = requests.get(server.url(f"/users/{user_guid}/members/{member_guid}/accounts"),
                               auth=client, headers=MX).json()["accounts"]
    assert sorted(a.name for a in accounts) == sorted(a["name"] for a in mx_accounts)
    assert _transactions(client_api, token)
    again = _import(client_api, user_guid, member_guid).access_token
    assert again != token
    assert client_api.item_get(ItemGetRequest(access_token=again)).item.item_id == item.item_id


def test_item_import_is_tenant_scoped(server, client):
    user_guid, member_guid = _mx_member(server, client)
    other_api = api(server, server.new_client())
    for user_id, auth_token in [(user_guid, member_guid), (user_guid, "MBR-nope")]:
        with pytest.raises(plaid.ApiException) as caught:
            _import(other_api if auth_token == member_guid else api(server, client),
                    user_id, auth_token)
        assert caught.value.status == 400
        assert error_code(caught.value) == "INVALID_FIELD"
        assert "user_auth" in json.loads(caught.value.body)["error_message"]


def test_default_webhook_and_subscriptions(hook_server, receiver):
    creds = hook_server.new_client()
    client_api = api(hook_server, creds)
    token, item_id = link_item(client_api, products=("transactions",))
    resp = configure(hook_server, creds, {"webhook_url": receiver.url("/default")})
    assert resp.status_code == 200, resp.text
    assert eventually(lambda: receiver.received("/default", "WEBHOOK_UPDATE_ACKNOWLEDGED"))
    [ack] = receiver.received("/default", "WEBHOOK_UPDATE_ACKNOWLEDGED")
    verify(client_api, ack, server_now(hook_server))
    assert json.loads(ack["body"])["item_id"] == item_id
    assert client_api.item_get(ItemGetRequest(access_token=token)).item.webhook == receiver.url("/default")

    resp = configure(hook_server, creds, {"webhook_subscriptions": [
        {"webhook_type": "ITEM", "webhook_code": "*"}]})
    assert resp.status_code == 200, resp.text
    fire = lambda kind, code: client_api.sandbox_item_fire_webhook(SandboxItemFireWebhookRequest(
        access_token=token, webhook_code=code, webhook_type=WebhookType(kind)))
    fire("TRANSACTIONS", "DEFAULT_UPDATE")
    fire("ITEM", "LOGIN_REPAIRED")
    assert eventually(lambda: receiver.received("/default", "LOGIN_REPAIRED"))
    hook_server.advance_clock(1)
    assert not receiver.received("/default", "DEFAULT_UPDATE")
