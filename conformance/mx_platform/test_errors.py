"""Auth, tenancy, conflicts, Accept / Content-Type negotiation and routing
errors. Every error must carry the MX body {"error": {"message": "..."}}."""

import base64
import json

import pytest
from mx_platform_python import UsersApi
from mx_platform_python.exceptions import ApiException, NotFoundException, UnauthorizedException
from mx_platform_python.models import UserUpdateRequest, UserUpdateRequestBody

from .helpers import V1, RawClient, assert_mx_error, create_user, unique

# -- authentication ------------------------------------------------------------


def test_wrong_api_key_is_401(mx_for, client):
    users_api = UsersApi(mx_for((client.client_id, client.api_key + "x")))
    with pytest.raises(UnauthorizedException) as error:
        users_api.list_users()
    assert_mx_error(error.value, 401)


def test_unknown_client_id_is_401(mx_for, client):
    users_api = UsersApi(mx_for(("CLT-does-not-exist", client.api_key)))
    with pytest.raises(UnauthorizedException) as error:
        users_api.list_users()
    assert_mx_error(error.value, 401)


def test_api_key_of_another_client_is_401(mx_for, server, client):
    other = server.new_client()
    users_api = UsersApi(mx_for((client.client_id, other.api_key)))
    with pytest.raises(UnauthorizedException) as error:
        users_api.list_users()
    assert_mx_error(error.value, 401)


def test_no_auth_header_is_401(anon):
    assert_mx_error(anon.get("/users"), 401)
    assert_mx_error(anon.post("/users", json={"user": {}}), 401)
    assert_mx_error(anon.get("/institutions"), 401)


@pytest.mark.parametrize("authorization", [
    "Basic !!!not-base64!!!",
    "Basic " + base64.b64encode(b"no-colon-here").decode(),
    "Bearer some-token",
    "",
])
def test_malformed_auth_header_is_401(anon, authorization):
    assert_mx_error(anon.get("/users", headers={"Authorization": authorization}), 401)


@pytest.mark.parametrize("accept", ["text/html", None])
def test_auth_is_checked_before_accept(anon, accept):
    assert_mx_error(anon.get("/users", headers={"Accept": accept}), 401)


# -- tenancy -------------------------------------------------------------------


def test_another_clients_user_is_404(users_api, mx_for, server):
    mine = create_user(users_api, id=unique("mine"), email="mine@example.com")
    other_api = UsersApi(mx_for(server.new_client()))

    with pytest.raises(NotFoundException) as read_error:
        other_api.read_user(mine.guid)
    assert_mx_error(read_error.value, 404)
    with pytest.raises(NotFoundException) as update_error:
        other_api.update_user(mine.guid, UserUpdateRequestBody(user=UserUpdateRequest(email="stolen@example.com")))
    assert_mx_error(update_error.value, 404)
    with pytest.raises(NotFoundException) as delete_error:
        other_api.delete_user(V1, mine.guid)
    assert_mx_error(delete_error.value, 404)

    assert other_api.list_users().users == []
    assert other_api.list_users(id=mine.id).users == []
    assert users_api.read_user(mine.guid).user == mine  # untouched


def test_same_partner_id_under_two_clients_is_fine(users_api, mx_for, server):
    partner_id = unique("shared")
    mine = create_user(users_api, id=partner_id)
    theirs = create_user(UsersApi(mx_for(server.new_client())), id=partner_id)

    assert mine.guid != theirs.guid
    assert mine.id == theirs.id == partner_id


# -- conflicts -----------------------------------------------------------------


def test_duplicate_partner_id_on_create_is_409(users_api):
    partner_id = unique("dup")
    create_user(users_api, id=partner_id)

    with pytest.raises(ApiException) as error:
        create_user(users_api, id=partner_id, email="second@example.com")
    assert_mx_error(error.value, 409)
    assert len(users_api.list_users(id=partner_id).users) == 1


def test_duplicate_partner_id_on_update_is_409(users_api):
    taken = unique("taken")
    create_user(users_api, id=taken)
    user = create_user(users_api, id=unique("mine"), email="keep@example.com")

    with pytest.raises(ApiException) as error:
        users_api.update_user(user.guid, UserUpdateRequestBody(user=UserUpdateRequest(id=taken, email="x@example.com")))
    assert_mx_error(error.value, 409)
    assert users_api.read_user(user.guid).user == user  # nothing applied


# -- Accept --------------------------------------------------------------------


@pytest.mark.parametrize("accept", [
    V1,
    "application/vnd.mx.api.v1+json; charset=utf-8",
    "application/json",
    "*/*",
    "application/*",
    "text/html, application/vnd.mx.api.v1+json;q=0.9",
])
def test_supported_accept_values(raw, accept):
    resp = raw.get("/users", headers={"Accept": accept})
    assert resp.status_code == 200, resp.text
    assert set(resp.json()) == {"users", "pagination"}


@pytest.mark.parametrize("accept", ["application/vnd.mx.api.v2+json", "text/html"])
def test_unsupported_accept_is_406(raw, accept):
    assert_mx_error(raw.get("/users", headers={"Accept": accept}), 406)
    assert_mx_error(raw.get("/institutions/mxbank", headers={"Accept": accept}), 406)


def test_unsupported_accept_on_create_creates_nothing(raw):
    resp = raw.post("/users", json={"user": {"email": "no@example.com"}}, headers={"Accept": "text/html"})
    assert_mx_error(resp, 406)
    assert raw.count_users() == 0


def test_missing_accept_is_406_except_on_delete(raw):
    assert_mx_error(raw.get("/users", headers={"Accept": None}), 406)
    assert_mx_error(raw.get("/institutions", headers={"Accept": None}), 406)
    assert_mx_error(raw.post("/users", json={"user": {}}, headers={"Accept": None}), 406)
    assert raw.count_users() == 0


def test_unsupported_accept_on_delete_is_406(raw, users_api):
    user = create_user(users_api)

    assert_mx_error(raw.delete(f"/users/{user.guid}", headers={"Accept": "text/html"}), 406)
    assert users_api.read_user(user.guid).user == user


def test_delete_without_accept_is_204(raw, users_api):
    user = create_user(users_api)

    resp = raw.delete(f"/users/{user.guid}", headers={"Accept": None})

    assert "Accept" not in resp.request.headers
    assert resp.status_code == 204, resp.text
    assert resp.content == b""
    with pytest.raises(NotFoundException):
        users_api.read_user(user.guid)


# -- Content-Type --------------------------------------------------------------


@pytest.mark.parametrize("content_type", [None, "application/json", "application/json; charset=utf-8", V1])
def test_json_bodies_are_accepted(raw, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    body = json.dumps({"user": {"email": "ct@example.com"}}).encode()

    resp = raw.post("/users", data=body, headers=headers)

    assert resp.status_code == 200, resp.text
    assert resp.json()["user"]["email"] == "ct@example.com"


def test_text_plain_body_on_update_is_415(raw, users_api):
    user = create_user(users_api, email="keep@example.com")
    body = json.dumps({"user": {"email": "changed@example.com"}})

    resp = raw.put(f"/users/{user.guid}", data=body, headers={"Content-Type": "text/plain"})

    assert_mx_error(resp, 415)
    assert users_api.read_user(user.guid).user == user


# -- routing -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/no_such_route", "/users/USR-1/no_such_thing", "/v1/users"])
def test_unknown_route_is_404(raw, path):
    assert_mx_error(raw.get(path), 404)


@pytest.mark.parametrize("method,path", [
    ("PATCH", "/users"),
    ("PUT", "/users"),
    ("POST", "/institutions/mxbank"),
])
def test_wrong_method_is_405(raw, method, path):
    assert_mx_error(raw.request(method, path, json={}), 405)


def test_trailing_slash_is_ignored(raw, users_api):
    user = create_user(users_api, email="slash@example.com")

    listed = raw.json_ok("GET", "/users/")
    read = raw.json_ok("GET", f"/users/{user.guid}/")
    created = raw.json_ok("POST", "/users/", json={"user": {"email": "slash2@example.com"}})
    institution = raw.json_ok("GET", "/institutions/mxbank/")

    assert [u["guid"] for u in listed["users"]] == [user.guid]
    assert read["user"]["email"] == "slash@example.com"
    assert created["user"]["guid"].startswith("USR-")
    assert institution["institution"]["code"] == "mxbank"


def test_responses_use_the_v1_content_type(raw):
    for path in ("/users", "/institutions", "/institutions/mxbank"):
        resp = raw.get(path)
        assert resp.status_code == 200, path
        assert resp.headers["Content-Type"].replace(" ", "").lower() == "application/vnd.mx.api.v1+json;charset=utf-8"
