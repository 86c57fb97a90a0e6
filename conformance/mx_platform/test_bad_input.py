"""Malformed user bodies (raw HTTP: the SDK validates before sending) and
out-of-range pagination parameters."""

import json

import pytest

from .helpers import assert_mx_error, assert_pagination

MAX_ID = 255
MAX_METADATA = 16384

# (method, body, content type, expected status, field the message must name)
# `body` is sent as-is when bytes, else JSON-encoded.
BAD_USER_INPUT = {
    "post-malformed-json": ("POST", b'{"user": {"email": ', "application/json", 400, None),
    "post-empty-body": ("POST", b"", "application/json", 400, None),
    "post-no-body-no-content-type": ("POST", b"", None, 400, None),
    "post-missing-envelope": ("POST", {}, "application/json", 400, "user"),
    "post-unenveloped-fields": ("POST", {"email": "flat@example.com"}, "application/json", 400, "user"),
    "post-body-not-object": ("POST", [{"user": {}}], "application/json", 400, None),
    "post-user-null": ("POST", {"user": None}, "application/json", 400, "user"),
    "post-user-string": ("POST", {"user": "ada"}, "application/json", 400, "user"),
    "post-user-array": ("POST", {"user": [{"email": "a@example.com"}]}, "application/json", 400, "user"),
    "post-is_disabled-string": ("POST", {"user": {"is_disabled": "yes"}}, "application/json", 400, "is_disabled"),
    "post-is_disabled-number": ("POST", {"user": {"is_disabled": 1}}, "application/json", 400, "is_disabled"),
    "post-email-number": ("POST", {"user": {"email": 5}}, "application/json", 400, "email"),
    "post-metadata-object": ("POST", {"user": {"metadata": {"a": 1}}}, "application/json", 400, "metadata"),
    "post-id-array": ("POST", {"user": {"id": []}}, "application/json", 400, "id"),
    "post-id-too-long": ("POST", {"user": {"id": "i" * (MAX_ID + 1)}}, "application/json", 400, "user.id"),
    "post-email-without-at": ("POST", {"user": {"email": "ada.example.com"}}, "application/json", 400, "user.email"),
    "post-metadata-too-long": (
        "POST", {"user": {"metadata": "m" * (MAX_METADATA + 1)}}, "application/json", 400, "metadata"),
    "post-no-content-type-bad-type": ("POST", {"user": {"email": 5}}, None, 400, "email"),
    "post-text-plain": ("POST", {"user": {"email": "a@example.com"}}, "text/plain", 415, None),
    "put-malformed-json": ("PUT", b'{"user": ', "application/json", 400, None),
    "put-missing-envelope": ("PUT", {"email": "flat@example.com"}, "application/json", 400, "user"),
    "put-user-string": ("PUT", {"user": "ada"}, "application/json", 400, "user"),
    "put-is_disabled-string": ("PUT", {"user": {"is_disabled": "yes"}}, "application/json", 400, "is_disabled"),
    "put-metadata-object": ("PUT", {"user": {"metadata": {"a": 1}}}, "application/json", 400, "metadata"),
    "put-id-too-long": ("PUT", {"user": {"id": "i" * (MAX_ID + 1)}}, "application/json", 400, "user.id"),
    "put-email-without-at": ("PUT", {"user": {"email": "nope"}}, "application/json", 400, "user.email"),
    "put-valid-and-invalid-fields": (
        "PUT", {"user": {"email": "new@example.com", "is_disabled": "no"}}, "application/json", 400, "is_disabled"),
}


@pytest.mark.parametrize("method,body,content_type,status,field", BAD_USER_INPUT.values(), ids=BAD_USER_INPUT.keys())
def test_bad_user_input(raw, method, body, content_type, status, field):
    path, before = "/users", None
    if method == "PUT":
        before = raw.json_ok("POST", "/users", json={
            "user": {"id": "keep-me", "email": "keep@example.com", "metadata": '{"keep": true}'}})["user"]
        path = f"/users/{before['guid']}"
    count = raw.count_users()
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": content_type} if content_type else {}

    resp = raw.request(method, path, data=data, headers=headers)

    assert_mx_error(resp, status, mentions=[field] if field else [])
    assert raw.count_users() == count, "a rejected request must not create a user"
    if before is not None:
        assert raw.json_ok("GET", path)["user"] == before, "a rejected update must change nothing"


def test_unknown_user_fields_are_ignored(raw):
    body = {"user": {"email": "extra@example.com", "favorite_color": "blue", "guid": "USR-chosen-by-me"}}

    user = raw.json_ok("POST", "/users", json=body)["user"]

    assert user["email"] == "extra@example.com"
    assert "favorite_color" not in user
    assert user["guid"].startswith("USR-") and user["guid"] != "USR-chosen-by-me"
    assert raw.count_users() == 1


def test_limits_are_inclusive(raw):
    body = {"user": {"id": "i" * MAX_ID, "metadata": "m" * MAX_METADATA, "email": "edge@example.com"}}

    user = raw.json_ok("POST", "/users", json=body)["user"]

    assert (user["id"], user["metadata"]) == (body["user"]["id"], body["user"]["metadata"])


# -- pagination parameters --------------------------------------------------

PER_PAGE_MAX_1000 = {"0": 10, "-5": 10, "5": 10, "10": 10, "abc": 25, "101": 101, "1000": 1000, "1001": 25}
PER_PAGE_MAX_100 = {"0": 10, "-5": 10, "5": 10, "10": 10, "abc": 25, "100": 100, "101": 25, "1000": 25}
PER_PAGE_CASES = [
    (path, value, expected)
    for path, table in [
        ("/users", PER_PAGE_MAX_1000),
        ("/institutions/mxbank/credentials", PER_PAGE_MAX_1000),
        ("/institutions", PER_PAGE_MAX_100),
        ("/institutions/favorites", PER_PAGE_MAX_100),
    ]
    for value, expected in table.items()
]


@pytest.mark.parametrize("path,records_per_page,per_page", PER_PAGE_CASES)
def test_records_per_page(raw, path, records_per_page, per_page):
    body = raw.json_ok("GET", path, params={"records_per_page": records_per_page})

    assert_pagination(body["pagination"], current_page=1, per_page=per_page)
    items = next(v for k, v in body.items() if k != "pagination")
    assert len(items) == min(per_page, body["pagination"]["total_entries"])


@pytest.mark.parametrize("page,current_page", [("0", 1), ("-3", 1), ("abc", 1), ("1.5", 1), ("2", 2), ("999", 999)])
def test_page_parameter(raw, page, current_page):
    first = raw.json_ok("GET", "/institutions", params={"records_per_page": 10})["institutions"]
    second = raw.json_ok("GET", "/institutions", params={"records_per_page": 10, "page": 2})["institutions"]

    body = raw.json_ok("GET", "/institutions", params={"records_per_page": 10, "page": page})

    assert_pagination(body["pagination"], current_page=current_page, per_page=10)
    expected = {1: first, 2: second}.get(current_page, [])
    assert [i["code"] for i in body["institutions"]] == [i["code"] for i in expected]
