"""Helpers for the MX Platform conformance tests: a raw-HTTP client for cases
the SDK cannot express, MX error/pagination assertions and SDK shortcuts."""

import json
import math
import re
import uuid

import requests
from mx_platform_python import ApiClient, Configuration
from mx_platform_python.exceptions import ApiException
from mx_platform_python.models import UserCreateRequest, UserCreateRequestBody

V1 = "application/vnd.mx.api.v1+json"
PAGINATION_KEYS = {"current_page", "per_page", "total_entries", "total_pages"}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# -- SDK ---------------------------------------------------------------------


def make_api_client(base_url: str, creds) -> ApiClient:
    """An SDK ApiClient authenticated as ``creds`` (client_id, api_key)."""
    client_id, api_key = creds
    return ApiClient(Configuration(host=base_url, username=client_id, password=api_key))


def close_api_client(api: ApiClient) -> None:
    api.close()
    api.rest_client.pool_manager.clear()


def create_user(users_api, **fields):
    """Create a user through the SDK; asserts the 200 and returns the UserResponse."""
    resp = users_api.create_user_with_http_info(UserCreateRequestBody(user=UserCreateRequest(**fields)))
    assert resp.status_code == 200, resp.raw_data
    assert resp.data.user is not None and resp.data.user.guid.startswith("USR-"), resp.raw_data
    return resp.data.user


def list_all(list_fn, key: str, **kwargs) -> list:
    """Every item of a paginated SDK list operation (100 per page)."""
    items, page = [], 1
    while True:
        body = list_fn(page=page, records_per_page=100, **kwargs)
        batch = getattr(body, key)
        assert batch is not None, f"{key} missing on page {page}"
        items.extend(batch)
        if page >= body.pagination.total_pages:
            assert len(items) == body.pagination.total_entries
            return items
        page += 1


# -- raw HTTP ----------------------------------------------------------------


class RawClient:
    """``requests`` against the server: Accept v1 and Basic auth by default.

    Pass ``headers={"Accept": None}`` to send no Accept header at all.
    """

    def __init__(self, base_url: str, creds=None):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies, no ~/.netrc credentials
        self.session.headers["Accept"] = V1
        self.session.auth = tuple(creds) if creds else None

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

    def json_ok(self, method: str, path: str, **kwargs) -> dict:
        """Send a request that must succeed with 200 and a v1 JSON body."""
        resp = self.request(method, path, **kwargs)
        assert resp.status_code == 200, f"{method} {path}: {resp.status_code} {resp.text[:500]}"
        assert media_type(resp.headers.get("Content-Type")) == V1, resp.headers.get("Content-Type")
        return resp.json()

    def count_users(self) -> int:
        return self.json_ok("GET", "/users")["pagination"]["total_entries"]


# -- assertions --------------------------------------------------------------


def media_type(content_type) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def names_field(message: str, field: str) -> bool:
    """True when ``field`` appears in ``message`` as a whole word
    ("id" is named by "user.id" or "`id`", not by "invalid")."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(field)}(?![A-Za-z0-9_])", message) is not None


def assert_mx_error(response, status: int, mentions=()) -> str:
    """Assert an MX error response: ``status``, the v1 JSON content type and the
    body ``{"error": {"message": "<non-empty>"}}`` whose message names every
    field in ``mentions``. Accepts a ``requests.Response`` or an SDK
    ``ApiException``. Returns the message."""
    if isinstance(response, ApiException):
        code, headers, body = response.status, response.headers or {}, response.body
    else:
        code, headers, body = response.status_code, response.headers, response.content
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    assert code == status, f"expected HTTP {status}, got {code}: {body[:500]!r}"
    content_type = headers.get("Content-Type") or ""
    assert media_type(content_type) == V1, f"error Content-Type {content_type!r}"
    assert "charset=utf-8" in content_type.lower().replace(" ", ""), f"error Content-Type {content_type!r}"
    try:
        payload = json.loads(body)
    except ValueError:
        raise AssertionError(f"error body is not JSON: {body[:500]!r}") from None
    assert isinstance(payload, dict) and list(payload) == ["error"], f"error body {payload!r}"
    error = payload["error"]
    assert isinstance(error, dict), f"error body {payload!r}"
    message = error.get("message")
    assert isinstance(message, str) and message.strip(), f"error message {message!r}"
    for field in mentions:
        assert names_field(message, field), f"error message {message!r} does not name {field!r}"
    return message


def assert_pagination(pagination, *, current_page=None, per_page=None, total_entries=None) -> None:
    """Check a raw ``pagination`` dict (or the SDK model): 4 integers,
    consistent ``total_pages``, and the given expected values."""
    if not isinstance(pagination, dict):
        pagination = pagination.to_dict()
    assert set(pagination) == PAGINATION_KEYS, pagination
    for key in PAGINATION_KEYS:
        value = pagination[key]
        assert isinstance(value, int) and not isinstance(value, bool), f"{key}={value!r}"
    assert pagination["per_page"] >= 1, pagination
    expected_pages = math.ceil(pagination["total_entries"] / pagination["per_page"])
    assert pagination["total_pages"] == expected_pages, pagination
    expected = {"current_page": current_page, "per_page": per_page, "total_entries": total_entries}
    for key, value in expected.items():
        if value is not None:
            assert pagination[key] == value, f"pagination {key}: {pagination}"
