"""Users through the official Atrium SDK: create, read, update (with and without a
body), list with pagination, delete; `identifier` is the partner id."""

import json

from atrium import User, UserCreateRequestBody, UserUpdateRequestBody

from atrium_helpers import PAGINATION_KEYS, assert_atrium_error, create_user, sdk_error, unique


def test_create_read_update_delete(atrium, raw):
    identifier = unique("partner")
    metadata = json.dumps({"first_name": "Steven"})
    user = create_user(atrium, identifier=identifier, metadata=metadata)
    assert user.identifier == identifier
    assert user.metadata == metadata
    assert user.is_disabled is False

    read = atrium.users.read_user(user.guid).user
    assert (read.guid, read.identifier, read.metadata, read.is_disabled) == (user.guid, identifier, metadata, False)

    body = UserUpdateRequestBody(user=User(metadata='{"last_name": "Universe"}', is_disabled=True))
    updated = atrium.users.update_user(user.guid, body=body).user
    assert updated.metadata == '{"last_name": "Universe"}'
    assert updated.is_disabled is True
    assert updated.identifier == identifier  # absent means "do not change"

    # The wire has real JSON booleans and every SDK field.
    wire = raw.json_ok("GET", f"/users/{user.guid}")["user"]
    assert set(wire) >= {"guid", "identifier", "is_disabled", "metadata"}
    assert wire["is_disabled"] is True

    data, status, _ = atrium.users.delete_user_with_http_info(user.guid)
    assert (data, status) == (None, 204)
    assert_atrium_error(sdk_error(atrium.users.read_user, user.guid), 404)


def test_update_without_body_is_a_no_op(atrium):
    user = create_user(atrium, identifier=unique("same"), metadata="{}")
    data, status, _ = atrium.users.update_user_with_http_info(user.guid)
    assert status == 200
    assert (data.user.guid, data.user.identifier, data.user.metadata) == (user.guid, user.identifier, "{}")


def test_empty_user_model_creates_a_user_with_null_identifier(atrium, raw):
    data, status, _ = atrium.users.create_user_with_http_info(UserCreateRequestBody(user=User()))
    assert status == 200
    assert data.user.guid.startswith("USR-")
    assert data.user.identifier is None and data.user.metadata is None
    wire = raw.json_ok("GET", f"/users/{data.user.guid}")["user"]
    assert wire["identifier"] is None and wire["is_disabled"] is False


def test_list_users_paginates(atrium):
    guids = {create_user(atrium, identifier=unique("p")).guid for _ in range(12)}
    first = atrium.users.list_users(page=1, records_per_page=10)
    assert len(first.users) == 10
    p = first.pagination
    assert (p.current_page, p.per_page, p.total_entries, p.total_pages) == (1, 10, 12, 2)
    second = atrium.users.list_users(page=2, records_per_page=10)
    assert len(second.users) == 2
    assert {u.guid for u in first.users + second.users} == guids
    # The SDK sends 0 verbatim: page 1 with the default 25.
    zero = atrium.users.list_users(page=0, records_per_page=0)
    assert (zero.pagination.current_page, zero.pagination.per_page, len(zero.users)) == (1, 25, 12)
    past = atrium.users.list_users(page=5, records_per_page=10)
    assert past.users == [] and past.pagination.current_page == 5


def test_pagination_is_integers_on_the_wire(atrium, raw):
    create_user(atrium)
    pagination = raw.json_ok("GET", "/users")["pagination"]
    assert set(pagination) == PAGINATION_KEYS
    assert all(type(v) is int for v in pagination.values()), pagination


def test_duplicate_identifier_is_409_and_nothing_written(atrium, raw):
    identifier = unique("dup")
    create_user(atrium, identifier=identifier)
    before = raw.count("/users")
    error = sdk_error(atrium.users.create_user, UserCreateRequestBody(user=User(identifier=identifier)))
    assert_atrium_error(error, 409, mentions=["identifier"])
    assert raw.count("/users") == before
