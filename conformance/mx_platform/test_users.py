"""Users: create / read / update / list / delete through the official SDK."""

import json

import pytest
from mx_platform_python.exceptions import NotFoundException
from mx_platform_python.models import UserUpdateRequest, UserUpdateRequestBody

from .helpers import V1, assert_mx_error, assert_pagination, create_user, unique

USER_KEYS = {"guid", "id", "email", "is_disabled", "metadata"}


def update_user(users_api, guid, **fields):
    resp = users_api.update_user_with_http_info(guid, UserUpdateRequestBody(user=UserUpdateRequest(**fields)))
    assert resp.status_code == 200, resp.raw_data
    return resp.data.user


def test_create_user_with_every_field(users_api, raw):
    partner_id = unique("partner")
    metadata = json.dumps({"plan": "gold", "tags": ["a", "b"]})
    user = create_user(users_api, id=partner_id, email="ada@example.com", is_disabled=False, metadata=metadata)

    assert (user.id, user.email, user.is_disabled, user.metadata) == (partner_id, "ada@example.com", False, metadata)
    body = raw.json_ok("GET", f"/users/{user.guid}")
    assert set(body) == {"user"}
    assert set(body["user"]) == USER_KEYS
    assert body["user"]["guid"] == user.guid


def test_create_user_without_fields(users_api, raw):
    user = create_user(users_api)  # sends {"user": {}}

    assert user.id is None and user.email is None and user.metadata is None
    assert user.is_disabled is False
    assert set(raw.json_ok("GET", f"/users/{user.guid}")["user"]) == USER_KEYS


def test_created_users_get_distinct_guids(users_api):
    guids = {create_user(users_api).guid for _ in range(3)}
    assert len(guids) == 3


def test_read_user(users_api):
    created = create_user(users_api, id=unique("read"), email="read@example.com", metadata="m")

    resp = users_api.read_user_with_http_info(created.guid)

    assert resp.status_code == 200
    assert resp.data.user == created


def test_metadata_round_trips_as_a_json_string(users_api):
    metadata = json.dumps({"nested": {"list": [1, 2.5, None, True]}, "text": "café ✓ \"quoted\""}, ensure_ascii=False)

    user = create_user(users_api, metadata=metadata)
    read = users_api.read_user(user.guid).user

    assert read.metadata == metadata
    assert json.loads(read.metadata) == json.loads(metadata)


def test_partial_update_keeps_other_fields(users_api):
    partner_id = unique("partial")
    user = create_user(users_api, id=partner_id, email="old@example.com", metadata='{"k": "v"}')

    updated = update_user(users_api, user.guid, email="new@example.com")  # only email is sent

    expected = (user.guid, partner_id, "new@example.com", False, '{"k": "v"}')
    assert (updated.guid, updated.id, updated.email, updated.is_disabled, updated.metadata) == expected
    assert users_api.read_user(user.guid).user == updated


def test_update_every_field(users_api):
    user = create_user(users_api, id=unique("before"), email="before@example.com", metadata="before")
    new_id = unique("after")

    updated = update_user(users_api, user.guid, id=new_id, email="after@example.com", is_disabled=True, metadata="after")

    assert (updated.id, updated.email, updated.is_disabled, updated.metadata) == (
        new_id, "after@example.com", True, "after",
    )
    assert users_api.read_user(user.guid).user == updated
    assert [u.guid for u in users_api.list_users(id=new_id).users] == [user.guid]
    assert users_api.list_users(id=user.id).users == []


def test_update_to_own_partner_id_is_not_a_conflict(users_api):
    partner_id = unique("same")
    user = create_user(users_api, id=partner_id)

    assert update_user(users_api, user.guid, id=partner_id, email="same@example.com").id == partner_id


def test_list_users_paginates_in_creation_order(users_api):
    created = [create_user(users_api, email=f"page{i}@example.com").guid for i in range(12)]

    first = users_api.list_users(page=1, records_per_page=10)
    second = users_api.list_users(page=2, records_per_page=10)
    past_end = users_api.list_users(page=3, records_per_page=10)

    assert len(first.users) == 10 and len(second.users) == 2
    assert_pagination(first.pagination, current_page=1, per_page=10, total_entries=12)
    assert_pagination(second.pagination, current_page=2, per_page=10, total_entries=12)
    assert first.pagination.total_pages == 2
    assert [u.guid for u in first.users + second.users] == created
    assert past_end.users == []
    assert_pagination(past_end.pagination, current_page=3, per_page=10, total_entries=12)


def test_list_users_defaults_to_25_per_page(users_api):
    created = [create_user(users_api).guid for _ in range(3)]

    body = users_api.list_users()

    assert [u.guid for u in body.users] == created
    assert_pagination(body.pagination, current_page=1, per_page=25, total_entries=3)


def test_list_users_of_a_new_client_is_empty(users_api):
    body = users_api.list_users()
    assert body.users == []
    assert_pagination(body.pagination, current_page=1, per_page=25, total_entries=0)
    assert body.pagination.total_pages == 0


def test_list_users_filters_by_id(users_api):
    target_id = unique("target")
    target = create_user(users_api, id=target_id)
    create_user(users_api, id=unique("other"))
    create_user(users_api)

    body = users_api.list_users(id=target_id)

    assert [u.guid for u in body.users] == [target.guid]
    assert_pagination(body.pagination, total_entries=1)
    assert users_api.list_users(id=unique("nobody")).users == []


def test_list_users_filters_by_email(users_api):
    target = create_user(users_api, email="grace@example.com")
    create_user(users_api, email="alan@example.org")
    create_user(users_api)

    body = users_api.list_users(email="grace@example.com")

    assert [u.guid for u in body.users] == [target.guid]
    assert_pagination(body.pagination, total_entries=1)
    assert users_api.list_users(email="nobody@example.net").users == []


def test_list_users_filters_by_is_disabled(users_api, raw):
    disabled = [create_user(users_api, is_disabled=True).guid for _ in range(2)]
    enabled = [create_user(users_api, is_disabled=False).guid, create_user(users_api).guid]

    # The SDK serializes query booleans as "True"/"False".
    assert [u.guid for u in users_api.list_users(is_disabled=True).users] == disabled
    assert [u.guid for u in users_api.list_users(is_disabled=False).users] == enabled
    assert_pagination(users_api.list_users(is_disabled=True).pagination, total_entries=2)
    # Lower-case booleans from hand-written clients mean the same.
    lower = raw.json_ok("GET", "/users", params={"is_disabled": "true"})
    assert [u["guid"] for u in lower["users"]] == disabled


def test_delete_user(users_api):
    keep = create_user(users_api)
    doomed = create_user(users_api, id=unique("doomed"))

    resp = users_api.delete_user_with_http_info(V1, doomed.guid)

    assert resp.status_code == 204
    assert not resp.raw_data
    with pytest.raises(NotFoundException) as read_error:
        users_api.read_user(doomed.guid)
    assert_mx_error(read_error.value, 404)
    body = users_api.list_users()
    assert [u.guid for u in body.users] == [keep.guid]
    assert_pagination(body.pagination, total_entries=1)
    assert users_api.list_users(id=doomed.id).users == []


def test_delete_user_twice_is_404(users_api):
    user = create_user(users_api)
    users_api.delete_user(V1, user.guid)

    with pytest.raises(NotFoundException) as second:
        users_api.delete_user(V1, user.guid)
    assert_mx_error(second.value, 404)


def test_update_deleted_user_is_404(users_api):
    user = create_user(users_api)
    users_api.delete_user(V1, user.guid)

    with pytest.raises(NotFoundException) as error:
        update_user(users_api, user.guid, email="ghost@example.com")
    assert_mx_error(error.value, 404)


def test_unknown_user_guid_is_404(users_api):
    with pytest.raises(NotFoundException) as error:
        users_api.read_user("USR-00000000-0000-0000-0000-000000000000")
    assert_mx_error(error.value, 404)
