"""Webhooks through plaid-python: delivered to a local receiver, verified with Plaid's
documented algorithm, retried with backoff on the server's clock, and kept across a
restart.

These tests start their own servers with ``POLYFIN_WEBHOOK_ALLOW_TARGETS=127.0.0.1``:
the shared session server keeps the default allow-list, which refuses loopback URLs
(``test_loopback_webhook_is_refused_by_default`` proves it)."""

import hashlib
import hmac
import http.server
import json
import threading
import uuid
from types import SimpleNamespace

import plaid
import pytest
import requests
from jose import jwt
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.item_webhook_update_request import ItemWebhookUpdateRequest
from plaid.model.products import Products
from plaid.model.sandbox_item_fire_webhook_request import SandboxItemFireWebhookRequest
from plaid.model.sandbox_item_fire_webhook_request_options import SandboxItemFireWebhookRequestOptions
from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest
from plaid.model.sandbox_public_token_create_request_options import SandboxPublicTokenCreateRequestOptions
from plaid.model.webhook_type import WebhookType
from plaid.model.webhook_verification_key_get_request import WebhookVerificationKeyGetRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest

from polyfin_harness import TEST_TOKEN_HEADER, PolyfinServer, polyfin_bin
from plaid_helpers import SANDBOX_INSTITUTION, api, error_code, eventually, link_item

ALLOW_ENV = "POLYFIN_WEBHOOK_ALLOW_TARGETS"
MAX_AGE_S = 5 * 60


class Receiver:
    """A local HTTP receiver on a random port. Each path keeps its requests; a path can
    be told to answer 500 to the first ``n`` deliveries of one webhook code."""

    def __init__(self):
        self.requests = []
        self.failures = {}  # (path, webhook_code) -> failures left
        self.down = False
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                code = json.loads(body).get("webhook_code")
                with receiver.lock:
                    key = (self.path, code)
                    fail = receiver.down or receiver.failures.get(key, 0) > 0
                    if key in receiver.failures and receiver.failures[key] > 0:
                        receiver.failures[key] -= 1
                    receiver.requests.append({
                        "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body,
                        "status": 500 if fail else 200,
                    })
                self.send_response(500 if fail else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def received(self, path, code=None):
        with self.lock:
            return [r for r in self.requests
                    if r["path"] == path and (code is None or json.loads(r["body"])["webhook_code"] == code)]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def start_server(data_dir, log_path, same_database_as=None):
    srv = PolyfinServer(polyfin_bin(), data_dir, log_path)
    if same_database_as is not None:
        # A restart: the same database (and sealing key) on PostgreSQL too.
        srv.storage_args, srv.storage_env = same_database_as.storage_args, same_database_as.storage_env
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ALLOW_ENV, "127.0.0.1")
        srv.start()
    return srv


@pytest.fixture(scope="module")
def hook_server(tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("hooks-data"),
                       tmp_path_factory.mktemp("hooks-log") / "stderr.log")
    yield srv
    srv.stop()


def server_now(server):
    resp = requests.get(server.url("/_test/clock"), headers={TEST_TOKEN_HEADER: server.test_clock_token})
    assert resp.status_code == 200, resp.text
    from dateutil.parser import isoparse
    return isoparse(resp.json()["now"]).timestamp()


def verify(client_api, request, now):
    """Plaid's documented verification: kid from the unverified JWT header, the JWK from
    /webhook_verification_key/get, ES256 signature, iat within 5 minutes, body SHA-256.
    Returns the kid."""
    token = request["headers"]["plaid-verification"]
    assert request["headers"]["webhook-verification"] == token
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "ES256" and header["typ"] == "JWT" and header["kid"]
    key = client_api.webhook_verification_key_get(
        WebhookVerificationKeyGetRequest(key_id=header["kid"])).key
    assert key.expired_at is None
    assert isinstance(key.created_at, int)
    claims = jwt.decode(token, key.to_dict(), algorithms=["ES256"])
    assert now - MAX_AGE_S <= claims["iat"] <= now + 5
    body_hash = hashlib.sha256(request["body"]).hexdigest()
    assert hmac.compare_digest(body_hash, claims["request_body_sha256"])
    return header["kid"]


def link_with_webhook(client_api, webhook, products=("transactions",)):
    public = client_api.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=SANDBOX_INSTITUTION, initial_products=[Products(p) for p in products],
        options=SandboxPublicTokenCreateRequestOptions(webhook=webhook)))
    done = client_api.item_public_token_exchange(
        ItemPublicTokenExchangeRequest(public_token=public.public_token))
    return done.access_token, done.item_id


def fire(client_api, token, code="DEFAULT_UPDATE", new_transactions=7):
    resp = client_api.sandbox_item_fire_webhook(SandboxItemFireWebhookRequest(
        access_token=token, webhook_code=code, webhook_type=WebhookType("TRANSACTIONS"),
        options=SandboxItemFireWebhookRequestOptions(new_transactions=new_transactions)))
    assert resp.webhook_fired is True


def test_link_webhooks_are_signed_and_verify(hook_server, receiver):
    creds = hook_server.new_client()
    client_api = api(hook_server, creds)
    token, item_id = link_with_webhook(client_api, receiver.url("/link"))
    codes = ("INITIAL_UPDATE", "HISTORICAL_UPDATE", "SYNC_UPDATES_AVAILABLE")
    assert eventually(lambda: all(receiver.received("/link", c) for c in codes))
    now = server_now(hook_server)
    for code in codes:
        [request] = receiver.received("/link", code)
        verify(client_api, request, now)
        body = json.loads(request["body"])
        assert body["webhook_type"] == "TRANSACTIONS" and body["item_id"] == item_id
        assert body["environment"] == "sandbox"
    initial = json.loads(receiver.received("/link", "INITIAL_UPDATE")[0]["body"])
    assert initial["error"] is None and initial["new_transactions"] > 0
    status = client_api.item_get(ItemGetRequest(access_token=token)).status
    assert status.last_webhook.code_sent in codes


def test_tampered_body_fails_verification(hook_server, receiver):
    client_api = api(hook_server, hook_server.new_client())
    token, _ = link_with_webhook(client_api, receiver.url("/tamper"))
    assert eventually(lambda: receiver.received("/tamper", "INITIAL_UPDATE"))
    request = dict(receiver.received("/tamper", "INITIAL_UPDATE")[0])
    request["body"] = request["body"].replace(b'"environment"', b'"environmenT"')
    with pytest.raises(AssertionError):
        verify(client_api, request, server_now(hook_server))


def test_webhook_update_acknowledged_at_new_url(hook_server, receiver):
    client_api = api(hook_server, hook_server.new_client())
    token, item_id = link_item(client_api, products=("transactions",))
    item = client_api.item_webhook_update(ItemWebhookUpdateRequest(
        access_token=token, webhook=receiver.url("/new"))).item
    assert item.webhook == receiver.url("/new")
    assert eventually(lambda: receiver.received("/new", "WEBHOOK_UPDATE_ACKNOWLEDGED"))
    [request] = receiver.received("/new", "WEBHOOK_UPDATE_ACKNOWLEDGED")
    verify(client_api, request, server_now(hook_server))
    body = json.loads(request["body"])
    assert body == {"webhook_type": "ITEM", "webhook_code": "WEBHOOK_UPDATE_ACKNOWLEDGED",
                    "item_id": item_id, "error": None, "new_webhook_url": receiver.url("/new"),
                    "environment": "sandbox"}


def test_retried_with_backoff_then_delivered_once(hook_server, receiver):
    client_api = api(hook_server, hook_server.new_client())
    token, _ = link_item(client_api, products=("transactions",))
    client_api.item_webhook_update(ItemWebhookUpdateRequest(access_token=token, webhook=receiver.url("/retry")))
    receiver.failures[("/retry", "DEFAULT_UPDATE")] = 2
    fire(client_api, token, new_transactions=11)
    fired = lambda: [r for r in receiver.received("/retry", "DEFAULT_UPDATE")
                     if json.loads(r["body"])["new_transactions"] == 11]
    assert eventually(lambda: len(fired()) == 1)
    assert fired()[0]["status"] == 500
    hook_server.advance_clock(30)  # first backoff: at most 30 s
    assert [r["status"] for r in fired()] == [500, 500]
    hook_server.advance_clock(60)  # second backoff: at most 60 s
    assert [r["status"] for r in fired()] == [500, 500, 200]
    verify(client_api, fired()[-1], server_now(hook_server))
    hook_server.advance_clock(6 * 3600)  # nothing more of that event
    attempts = fired()
    assert [r["status"] for r in attempts] == [500, 500, 200]
    assert len({r["body"] for r in attempts}) == 1  # same bytes on every attempt
    assert len({r["headers"]["plaid-verification"] for r in attempts}) == 3  # a fresh JWT each time
    # One idempotency key per event, the same on every attempt, another for every event.
    ids = {r["headers"]["webhook-id"] for r in attempts}
    assert len(ids) == 1
    assert uuid.UUID(ids.pop()).version == 4  # random: it tells nothing about the data
    fire(client_api, token, new_transactions=12)
    assert eventually(lambda: any(json.loads(r["body"])["new_transactions"] == 12
                                  for r in receiver.received("/retry", "DEFAULT_UPDATE")))
    every_event = [r for r in receiver.received("/retry") if r["status"] == 200]
    assert len(every_event) >= 2
    assert len({r["headers"]["webhook-id"] for r in every_event}) == len(every_event)


def test_fire_webhook_without_url_is_invalid_field(hook_server):
    client_api = api(hook_server, hook_server.new_client())
    token, _ = link_item(client_api, products=("transactions",))
    with pytest.raises(plaid.ApiException) as caught:
        fire(client_api, token)
    assert error_code(caught.value) == "INVALID_FIELD"


def test_unknown_key_id(hook_server):
    client_api = api(hook_server, hook_server.new_client())
    with pytest.raises(plaid.ApiException) as caught:
        client_api.webhook_verification_key_get(
            WebhookVerificationKeyGetRequest(key_id="00000000-0000-4000-8000-000000000000"))
    assert error_code(caught.value) == "INVALID_WEBHOOK_VERIFICATION_KEY_ID"


def test_loopback_webhook_is_refused_by_default(server, client):
    """The shared server runs with the default allow-list: no internal targets."""
    client_api = api(server, client)
    token, _ = link_item(client_api, products=("transactions",))
    for url in ("http://127.0.0.1:9/hook", "http://169.254.169.254/latest", "http://localhost/x",
                "http://[::1]/x", "http://10.0.0.1/x", "ftp://example.com/x"):
        with pytest.raises(plaid.ApiException) as caught:
            client_api.item_webhook_update(ItemWebhookUpdateRequest(access_token=token, webhook=url))
        assert error_code(caught.value) == "INVALID_FIELD", url
        assert "webhook" in json.loads(caught.value.body)["error_message"]


def test_nothing_lost_across_restart(tmp_path, receiver):
    data_dir, log = tmp_path / "data", tmp_path / "stderr.log"
    data_dir.mkdir()
    first = start_server(data_dir, log)
    try:
        creds = first.new_client()
        client_api = api(first, creds)
        token, _ = link_item(client_api, products=("transactions",))
        client_api.item_webhook_update(ItemWebhookUpdateRequest(access_token=token, webhook=receiver.url("/r")))
        assert eventually(lambda: receiver.received("/r", "WEBHOOK_UPDATE_ACKNOWLEDGED"))
        kid_before = jwt.get_unverified_header(
            receiver.received("/r", "WEBHOOK_UPDATE_ACKNOWLEDGED")[0]["headers"]["plaid-verification"])["kid"]
        receiver.down = True
        fire(client_api, token, new_transactions=5)
        assert eventually(lambda: receiver.received("/r", "DEFAULT_UPDATE"))
    finally:
        first.stop()
    receiver.down = False
    second = start_server(data_dir, tmp_path / "stderr2.log", same_database_as=first)
    try:
        client_api = api(second, creds)
        second.advance_clock(120)
        delivered = [r for r in receiver.received("/r", "DEFAULT_UPDATE") if r["status"] == 200]
        assert len(delivered) == 1
        assert json.loads(delivered[0]["body"])["new_transactions"] == 5
        assert verify(client_api, delivered[0], server_now(second)) == kid_before
    finally:
        second.stop()


def test_asset_report_product_ready_webhook(hook_server, receiver):
    from plaid.model.asset_report_create_request import AssetReportCreateRequest
    from plaid.model.asset_report_create_request_options import AssetReportCreateRequestOptions
    client_api = api(hook_server, hook_server.new_client())
    token, _ = link_item(client_api, products=("transactions",))
    created = client_api.asset_report_create(AssetReportCreateRequest(
        access_tokens=[token], days_requested=30,
        options=AssetReportCreateRequestOptions(webhook=receiver.url("/assets"))))
    assert eventually(lambda: receiver.received("/assets", "PRODUCT_READY"))
    [request] = receiver.received("/assets", "PRODUCT_READY")
    verify(client_api, request, server_now(hook_server))
    assert json.loads(request["body"]) == {
        "webhook_type": "ASSETS", "webhook_code": "PRODUCT_READY",
        "asset_report_id": created.asset_report_id, "report_type": "FULL", "environment": "sandbox"}


def test_aggregation_with_new_transactions_fires_default_update(hook_server, receiver):
    """The job that brings new transactions writes DEFAULT_UPDATE and
    SYNC_UPDATES_AVAILABLE with its results; new_transactions matches /transactions/sync."""
    from plaid.model.transactions_refresh_request import TransactionsRefreshRequest
    from plaid.model.transactions_sync_request import TransactionsSyncRequest
    client_api = api(hook_server, hook_server.new_client())
    token, item_id = link_with_webhook(client_api, receiver.url("/agg"))
    assert eventually(lambda: receiver.received("/agg", "SYNC_UPDATES_AVAILABLE"))
    cursor = ""
    while True:
        page = client_api.transactions_sync(TransactionsSyncRequest(access_token=token, cursor=cursor))
        cursor = page.next_cursor
        if not page.has_more:
            break
    hook_server.advance_clock(3 * 86400)
    client_api.transactions_refresh(TransactionsRefreshRequest(access_token=token))
    assert eventually(lambda: receiver.received("/agg", "DEFAULT_UPDATE"), timeout=60)
    assert eventually(lambda: len(receiver.received("/agg", "SYNC_UPDATES_AVAILABLE")) >= 2)
    [update] = receiver.received("/agg", "DEFAULT_UPDATE")[:1]
    verify(client_api, update, server_now(hook_server))
    body = json.loads(update["body"])
    assert body["item_id"] == item_id and body["error"] is None
    page = client_api.transactions_sync(TransactionsSyncRequest(access_token=token, cursor=cursor, count=500))
    assert body["new_transactions"] == len(page.added) > 0


def test_failed_link_fires_item_error(hook_server, receiver):
    client_api = api(hook_server, hook_server.new_client())
    public = client_api.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=SANDBOX_INSTITUTION, initial_products=[Products("transactions")],
        options=SandboxPublicTokenCreateRequestOptions(webhook=receiver.url("/err"), override_password="LOCKED")))
    client_api.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public.public_token))
    assert eventually(lambda: receiver.received("/err", "ERROR"))
    body = json.loads(receiver.received("/err", "ERROR")[0]["body"])
    assert body["webhook_type"] == "ITEM"
    assert body["error"]["error_code"] == "ITEM_LOCKED" and body["error"]["display_message"] is None


def test_member_deleted_through_mx_revokes_the_item(hook_server, receiver):
    """The user unlinks through the MX API: the Plaid app gets USER_PERMISSION_REVOKED
    and the item is gone; /item/remove itself sends nothing."""
    mx = {"Accept": "application/vnd.mx.api.v1+json"}
    creds = hook_server.new_client()
    client_api = api(hook_server, creds)
    token, item_id = link_with_webhook(client_api, receiver.url("/unlink"))
    [user] = requests.get(hook_server.url("/users"), auth=creds, headers=mx).json()["users"]
    [member] = requests.get(hook_server.url(f"/users/{user['guid']}/members"), auth=creds,
                            headers=mx).json()["members"]
    resp = requests.delete(hook_server.url(f"/users/{user['guid']}/members/{member['guid']}"),
                           auth=creds, headers=mx)
    assert resp.status_code == 204, resp.text
    assert eventually(lambda: receiver.received("/unlink", "USER_PERMISSION_REVOKED"))
    [request] = receiver.received("/unlink", "USER_PERMISSION_REVOKED")
    verify(client_api, request, server_now(hook_server))
    body = json.loads(request["body"])
    assert body["item_id"] == item_id and body["webhook_type"] == "ITEM"
    assert body["error"]["error_code"] == "USER_PERMISSION_REVOKED"
    with pytest.raises(plaid.ApiException) as caught:
        client_api.item_get(ItemGetRequest(access_token=token))
    assert error_code(caught.value) == "ITEM_NOT_FOUND"

    from plaid.model.item_remove_request import ItemRemoveRequest
    other, _ = link_with_webhook(client_api, receiver.url("/removed"))
    assert eventually(lambda: receiver.received("/removed", "SYNC_UPDATES_AVAILABLE"))
    client_api.item_remove(ItemRemoveRequest(access_token=other))
    hook_server.advance_clock(1)
    assert not receiver.received("/removed", "USER_PERMISSION_REVOKED")


def test_new_statement_fires_liabilities_update(hook_server, receiver):
    """A month later the card's statement, minimum payment and due date moved: the
    aggregation announces the changed Plaid liability fields per account."""
    from plaid.model.liabilities_get_request import LiabilitiesGetRequest
    from plaid.model.transactions_refresh_request import TransactionsRefreshRequest
    client_api = api(hook_server, hook_server.new_client())
    token, item_id = link_with_webhook(client_api, receiver.url("/debt"))
    cards = client_api.liabilities_get(LiabilitiesGetRequest(access_token=token)).liabilities.credit
    assert cards, "the sandbox household has a credit card"
    hook_server.advance_clock(35 * 86400)
    client_api.transactions_refresh(TransactionsRefreshRequest(access_token=token))
    assert eventually(lambda: receiver.received("/debt", "DEFAULT_UPDATE")
                      and any(json.loads(r["body"])["webhook_type"] == "LIABILITIES"
                              for r in receiver.received("/debt", "DEFAULT_UPDATE")), timeout=60)
    [update] = [r for r in receiver.received("/debt", "DEFAULT_UPDATE")
                if json.loads(r["body"])["webhook_type"] == "LIABILITIES"]
    body = json.loads(update["body"])
    assert body["item_id"] == item_id and body["error"] is None
    updated = body["account_ids_with_updated_liabilities"]
    assert {c.account_id for c in cards} & set(updated)
    for fields in updated.values():
        assert fields and set(fields) <= {
            "aprs", "last_payment_amount", "last_payment_date", "last_statement_balance",
            "minimum_payment_amount", "next_payment_due_date", "interest_rate", "maturity_date",
            "origination_principal_amount"}


MX_JSON = {"Accept": "application/vnd.mx.api.v1+json", "Content-Type": "application/json"}
DAY_S = 86400


def as_sdk_model(client_api, request, model):
    """Parses a delivered body with plaid-python's strict webhook model, as apps do."""
    return client_api.api_client.deserialize(SimpleNamespace(data=request["body"]), (model,), True)


def fire_raw(server, creds, token, webhook_type, code):
    """``/sandbox/item/fire_webhook`` over plain HTTP: plaid-python's request model
    only takes Plaid's own code list, not the seed's (PENDING_EXPIRATION, AUTH…)."""
    resp = requests.post(server.url("/v1/plaid/sandbox/item/fire_webhook"), json={
        "client_id": creds.client_id, "secret": creds.api_key, "access_token": token,
        "webhook_type": webhook_type, "webhook_code": code}, timeout=30)
    assert resp.status_code == 200, resp.text
    assert resp.json()["webhook_fired"] is True


def test_fired_auth_webhooks_name_a_real_account(hook_server, receiver):
    """Fired AUTH webhooks name a real depository account of the item."""
    from plaid.model.accounts_get_request import AccountsGetRequest
    from plaid.model.automatically_verified_webhook import AutomaticallyVerifiedWebhook
    from plaid.model.verification_expired_webhook import VerificationExpiredWebhook
    creds = hook_server.new_client()
    client_api = api(hook_server, creds)
    token, item_id = link_with_webhook(client_api, receiver.url("/fire-auth"))
    accounts = client_api.accounts_get(AccountsGetRequest(access_token=token)).accounts
    depository = {a.account_id for a in accounts if str(a.type) == "depository"}
    for code, model in (("AUTOMATICALLY_VERIFIED", AutomaticallyVerifiedWebhook),
                        ("VERIFICATION_EXPIRED", VerificationExpiredWebhook)):
        fire_raw(hook_server, creds, token, "AUTH", code)
        assert eventually(lambda: receiver.received("/fire-auth", code))
        [request] = receiver.received("/fire-auth", code)
        verify(client_api, request, server_now(hook_server))
        hook = as_sdk_model(client_api, request, model)
        assert hook.item_id == item_id and hook.account_id in depository, code


def test_micro_deposits_announce_auth_webhooks(hook_server, receiver):
    """An MX micro-deposit for the numbers /auth/get shows: the right pair announces
    AUTOMATICALLY_VERIFIED for that item and account; one left unverified 7 days
    after landing becomes ERRORED and announces VERIFICATION_EXPIRED."""
    from mx_platform.test_micro_deposits import deposit_amounts
    from plaid.model.auth_get_request import AuthGetRequest
    from plaid.model.automatically_verified_webhook import AutomaticallyVerifiedWebhook
    from plaid.model.verification_expired_webhook import VerificationExpiredWebhook
    creds = hook_server.new_client()
    client_api = api(hook_server, creds)
    token, item_id = link_with_webhook(client_api, receiver.url("/md"), products=("transactions", "auth"))
    ach = client_api.auth_get(AuthGetRequest(access_token=token)).numbers.ach[0]
    [user] = requests.get(hook_server.url("/users"), auth=creds, headers=MX_JSON).json()["users"]

    def create():
        resp = requests.post(hook_server.url(f"/users/{user['guid']}/micro_deposits"), auth=creds,
                             headers=MX_JSON, json={"micro_deposit": {
                                 "account_number": ach.account, "routing_number": ach.routing,
                                 "account_type": "CHECKING"}})
        assert resp.status_code == 200, resp.text
        return resp.json()["micro_deposit"][0]["guid"]

    def read(guid):
        resp = requests.get(hook_server.url(f"/users/{user['guid']}/micro_deposits/{guid}"),
                            auth=creds, headers=MX_JSON)
        assert resp.status_code == 200, resp.text
        return resp.json()["micro_deposit"][0]

    verified, left = create(), create()
    hook_server.advance_clock(4 * DAY_S)  # one business day, whatever the weekday
    assert read(verified)["status"] == "DEPOSITED" and read(left)["status"] == "DEPOSITED"
    first, second = deposit_amounts(verified)
    resp = requests.put(hook_server.url(f"/micro_deposits/{verified}/verify"), auth=creds, headers=MX_JSON,
                        json={"micro_deposit": {"deposit_amount_1": first, "deposit_amount_2": second}})
    assert resp.status_code == 200 and resp.json()["micro_deposit"][0]["status"] == "VERIFIED", resp.text
    assert eventually(lambda: receiver.received("/md", "AUTOMATICALLY_VERIFIED"))
    [request] = receiver.received("/md", "AUTOMATICALLY_VERIFIED")
    verify(client_api, request, server_now(hook_server))
    hook = as_sdk_model(client_api, request, AutomaticallyVerifiedWebhook)
    assert (hook.item_id, hook.account_id) == (item_id, ach.account_id)
    assert not receiver.received("/md", "VERIFICATION_EXPIRED")

    hook_server.advance_clock(7 * DAY_S)
    assert eventually(lambda: receiver.received("/md", "VERIFICATION_EXPIRED"))
    [request] = receiver.received("/md", "VERIFICATION_EXPIRED")
    verify(client_api, request, server_now(hook_server))
    hook = as_sdk_model(client_api, request, VerificationExpiredWebhook)
    assert (hook.item_id, hook.account_id) == (item_id, ach.account_id)
    expired = read(left)
    assert expired["status"] == "ERRORED" and expired["error_message"]
    assert read(verified)["status"] == "VERIFIED"
    assert len(receiver.received("/md", "AUTOMATICALLY_VERIFIED")) == 1


def test_fire_webhook_pending_expiration(hook_server, receiver):
    """PENDING_EXPIRATION names a consent expiry 7 days ahead on the server clock, a
    datetime plaid-python's strict model takes."""
    from plaid.model.pending_expiration_webhook import PendingExpirationWebhook
    creds = hook_server.new_client()
    client_api = api(hook_server, creds)
    token, item_id = link_with_webhook(client_api, receiver.url("/fire-item"))
    fire_raw(hook_server, creds, token, "ITEM", "PENDING_EXPIRATION")
    assert eventually(lambda: receiver.received("/fire-item", "PENDING_EXPIRATION"))
    [request] = receiver.received("/fire-item", "PENDING_EXPIRATION")
    now = server_now(hook_server)
    verify(client_api, request, now)
    hook = as_sdk_model(client_api, request, PendingExpirationWebhook)
    assert hook.item_id == item_id and str(hook.webhook_type) == "ITEM"
    assert abs(hook.consent_expiration_time.timestamp() - (now + 7 * DAY_S)) <= 5
    assert json.loads(request["body"])["consent_expiration_time"].endswith("Z")
