"""Helpers for the Atrium conformance tests: a raw-HTTP client, the Atrium error
assertion, and SDK shortcuts for users and MX Bank members."""

import json
import re
import time
import uuid

import requests
from atrium import (
    CredentialRequest,
    MemberCreateRequest,
    MemberCreateRequestBody,
    MemberResumeRequest,
    MemberResumeRequestBody,
    User,
    UserCreateRequestBody,
)
from atrium.rest import ApiException

ATRIUM_V1 = "application/vnd.mx.atrium.v1+json"
MXBANK = "mxbank"
MXBANK_OAUTH = "mx_bank_oauth"
USERNAME = "test_atrium"
PAGINATION_KEYS = {"current_page", "per_page", "total_entries", "total_pages"}
MEMBER_KEYS = {
    "aggregated_at", "connection_status", "guid", "identifier", "institution_code", "is_being_aggregated",
    "is_oauth", "metadata", "name", "oauth_window_uri", "status", "successfully_aggregated_at", "user_guid",
}
STATUS_KEYS = {
    "aggregated_at", "challenges", "connection_status", "guid", "has_processed_accounts",
    "has_processed_transactions", "is_authenticated", "is_being_aggregated", "status", "successfully_aggregated_at",
}
POLL_INTERVAL_S = 0.05
WAIT_DEADLINE_S = 15.0


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# -- raw HTTP ----------------------------------------------------------------


class RawAtrium:
    """``requests`` against the server root with Atrium's Accept and headers."""

    def __init__(self, base_url: str, creds=None):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.headers["Accept"] = ATRIUM_V1
        if creds:
            self.session.headers["MX-Client-ID"] = creds[0]
            self.session.headers["MX-API-Key"] = creds[1]

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, self.base_url + path, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def json_ok(self, method: str, path: str, status: int = 200, **kwargs) -> dict:
        resp = self.request(method, path, **kwargs)
        assert resp.status_code == status, f"{method} {path}: {resp.status_code} {resp.text[:500]}"
        assert media_type(resp.headers.get("Content-Type")) == ATRIUM_V1, resp.headers.get("Content-Type")
        return resp.json()

    def count(self, path: str) -> int:
        return self.json_ok("GET", path)["pagination"]["total_entries"]


def media_type(content_type) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def names_field(message: str, field: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(field)}(?![A-Za-z0-9_])", message) is not None


def assert_atrium_error(response, status: int, mentions=()) -> str:
    """Assert an Atrium error: ``status``, the Atrium JSON type and the body
    ``{"error": {"message": "<non-empty>"}}`` naming every field in ``mentions``.
    Takes a ``requests.Response`` or the SDK's ``ApiException``."""
    if isinstance(response, ApiException):
        code, headers, body = response.status, response.headers or {}, response.body
    else:
        code, headers, body = response.status_code, response.headers, response.content
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    assert code == status, f"expected HTTP {status}, got {code}: {body[:500]!r}"
    content_type = headers.get("Content-Type") or ""
    assert media_type(content_type) == ATRIUM_V1, f"error Content-Type {content_type!r}"
    payload = json.loads(body)
    assert isinstance(payload, dict) and list(payload) == ["error"], payload
    message = payload["error"].get("message")
    assert isinstance(message, str) and message.strip(), payload
    for field in mentions:
        assert names_field(message, field), f"{message!r} does not name {field!r}"
    return message


def sdk_error(call, *args, **kwargs) -> ApiException:
    """Run an SDK call that must fail; returns its ApiException."""
    try:
        result = call(*args, **kwargs)
    except ApiException as error:
        return error
    raise AssertionError(f"expected an ApiException, got {result!r}")


# -- SDK shortcuts -------------------------------------------------------------


def create_user(atrium, **fields):
    data, status, _ = atrium.users.create_user_with_http_info(UserCreateRequestBody(user=User(**fields)))
    assert status == 200
    assert data.user is not None and data.user.guid.startswith("USR-"), data
    return data.user


def mxbank_credentials(atrium, password: str = "password", username: str = USERNAME) -> list:
    fields = atrium.institutions.read_institution_credentials(MXBANK).credentials
    assert [f.type for f in fields] == ["LOGIN", "PASSWORD"], fields
    return [CredentialRequest(guid=f.guid, value=username if f.type == "LOGIN" else password) for f in fields]


def create_member(atrium, user_guid: str, password: str = "password", expect: int = 202, **fields):
    """An MX Bank member created through the SDK; asserts the HTTP status and
    that the body carries the member. Returns the SDK ``Member``."""
    request = MemberCreateRequest(
        institution_code=fields.pop("institution_code", MXBANK),
        credentials=fields.pop("credentials", None) or mxbank_credentials(atrium, password),
        **fields,
    )
    data, status, _ = atrium.members.create_member_with_http_info(user_guid, MemberCreateRequestBody(member=request))
    assert status == expect, f"expected {expect}, got {status}: {data}"
    member = data.member
    assert member is not None and member.guid.startswith("MBR-"), data
    assert member.user_guid == user_guid
    return member


def wait_for_member(atrium, user_guid: str, member_guid: str, stale=(), deadline_s=WAIT_DEADLINE_S):
    """Polls ``read_member_status`` until no job runs, or until the member is
    CHALLENGED with challenges other than the ``stale`` guids just answered."""
    deadline = time.monotonic() + deadline_s
    while True:
        status = atrium.members.read_member_status(member_guid, user_guid).member
        assert status is not None and status.guid == member_guid
        if status.connection_status == "CHALLENGED":
            guids = {c.guid for c in status.challenges or []}
            if guids and not guids <= set(stale):
                return status
        elif status.is_being_aggregated is False:
            return status
        assert time.monotonic() < deadline, f"member still busy: {status}"
        time.sleep(POLL_INTERVAL_S)


def wait_for_status(atrium, user_guid: str, member_guid: str, expected: str, legacy: str, **kwargs):
    status = wait_for_member(atrium, user_guid, member_guid, **kwargs)
    assert status.connection_status == expected, status
    assert status.status == legacy, status
    return status


def resume(atrium, user_guid: str, member_guid: str, answers: list):
    """``[(challenge guid, value)]`` through ``resume_member``: asserts the 202
    and the member body, returns the member."""
    body = MemberResumeRequestBody(
        member=MemberResumeRequest(challenges=[CredentialRequest(guid=g, value=v) for g, v in answers])
    )
    data, status, _ = atrium.members.resume_member_with_http_info(member_guid, user_guid, body)
    assert status == 202, data
    assert data.member is not None and data.member.guid == member_guid, data
    return data.member


def connect(atrium, user_guid: str, **fields):
    """A CONNECTED MX Bank member (clean login); returns it as read afterwards."""
    member = create_member(atrium, user_guid, "password", **fields)
    wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED")
    return atrium.members.read_member(member.guid, user_guid).member


def list_all(list_fn, key: str, *args, **kwargs) -> list:
    """Every item of a paginated SDK list (100 per page)."""
    items, page = [], 1
    while True:
        body = list_fn(*args, page=page, records_per_page=100, **kwargs)
        batch = getattr(body, key)
        assert batch is not None, f"{key} missing on page {page}"
        items.extend(batch)
        if page >= body.pagination.total_pages:
            assert len(items) == body.pagination.total_entries
            return items
        page += 1
