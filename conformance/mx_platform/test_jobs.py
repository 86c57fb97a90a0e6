"""Job rules (aggregate / check_balance) through the official SDK: one job per
member, the 3 h aggregation throttle, the 2 h balance limit, the MX Bank
exemption and disabled users."""

import pytest
from mx_platform_python.exceptions import ApiException
from mx_platform_python.models import UserUpdateRequest, UserUpdateRequestBody

from .helpers import assert_mx_error
from .members_helpers import (
    AGGREGATION_THROTTLE_S,
    challenged_mxbank,
    connect_mxbank,
    create_member,
    create_mxbank_member,
    credential_values,
    institution_credentials,
    read_member,
    read_status,
    start_job,
    wait_for_status,
)

BALANCE_LIMIT_S = 2 * 3600


def aggregate(members_api, user_guid, member_guid):
    return start_job(members_api.aggregate_member_with_http_info, member_guid, user_guid)


def check_balances(members_api, user_guid, member_guid):
    return start_job(members_api.check_balances_with_http_info, member_guid, user_guid)


def connect_plain(members_api, institutions_api, user_guid, code):
    """A CONNECTED member at a non-test institution (subject to every throttle)."""
    creds = credential_values(institution_credentials(institutions_api, code), "someone", "password")
    member = create_member(members_api, user_guid, code, creds, status=202)
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
    return read_member(members_api, user_guid, member.guid)


def assert_job_error(call, status: int):
    with pytest.raises(ApiException) as exc:
        call()
    assert_mx_error(exc.value, status)


# -- concurrency -----------------------------------------------------------------


def test_same_kind_running_is_202_other_kind_is_409(members_api, institutions_api, user_guid, advance_clock):
    # A CHALLENGED member's aggregation job is still running.
    member, status = challenged_mxbank(members_api, institutions_api, user_guid)
    before = read_member(members_api, user_guid, member.guid)
    advance_clock(60)  # a new job would get a new aggregated_at

    same = aggregate(members_api, user_guid, member.guid)

    assert (same.connection_status, same.is_being_aggregated) == ("CHALLENGED", True)
    assert same.aggregated_at == before.aggregated_at
    assert_job_error(lambda: members_api.check_balances(member.guid, user_guid), 409)
    after = read_status(members_api, user_guid, member.guid)
    assert (after.connection_status, after.is_being_aggregated) == ("CHALLENGED", True)
    assert [c.guid for c in after.challenges] == [c.guid for c in status.challenges]
    assert after.aggregated_at == before.aggregated_at


# -- throttles at a non-test institution ---------------------------------------------


def test_check_balance_twice_within_two_hours_is_429(
        members_api, institutions_api, user_guid, plain_institution, advance_clock):
    member = connect_plain(members_api, institutions_api, user_guid, plain_institution)

    first = check_balances(members_api, user_guid, member.guid)
    assert first.is_being_aggregated is True
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")

    assert_job_error(lambda: members_api.check_balances(member.guid, user_guid), 429)
    advance_clock(BALANCE_LIMIT_S - 60)
    assert_job_error(lambda: members_api.check_balances(member.guid, user_guid), 429)
    assert read_status(members_api, user_guid, member.guid).is_being_aggregated is False

    advance_clock(61)
    assert check_balances(members_api, user_guid, member.guid).is_being_aggregated is True
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")


def test_aggregate_within_three_hours_returns_the_unchanged_member(
        members_api, institutions_api, user_guid, plain_institution, advance_clock):
    member = connect_plain(members_api, institutions_api, user_guid, plain_institution)
    advance_clock(60)

    throttled = aggregate(members_api, user_guid, member.guid)

    assert (throttled.connection_status, throttled.is_being_aggregated) == ("CONNECTED", False)
    assert throttled.aggregated_at == member.aggregated_at
    assert read_member(members_api, user_guid, member.guid) == member

    advance_clock(AGGREGATION_THROTTLE_S + 1)
    started = aggregate(members_api, user_guid, member.guid)

    assert started.is_being_aggregated is True
    assert started.aggregated_at != member.aggregated_at
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")


def test_any_job_starts_the_aggregation_throttle(
        members_api, institutions_api, user_guid, plain_institution, advance_clock):
    member = connect_plain(members_api, institutions_api, user_guid, plain_institution)
    advance_clock(AGGREGATION_THROTTLE_S + 1)  # the create job no longer throttles
    check_balances(members_api, user_guid, member.guid)
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
    after_balance = read_member(members_api, user_guid, member.guid)
    assert after_balance.aggregated_at != member.aggregated_at, "aggregated_at is the start of the latest job"
    advance_clock(60)

    throttled = aggregate(members_api, user_guid, member.guid)

    assert throttled.is_being_aggregated is False
    assert throttled.aggregated_at == after_balance.aggregated_at


# -- MX Bank is exempt -------------------------------------------------------------------


def test_mxbank_aggregations_are_never_throttled(members_api, institutions_api, user_guid, advance_clock):
    member = connect_mxbank(members_api, institutions_api, user_guid)
    previous = member.aggregated_at

    for _ in range(2):
        advance_clock(60)
        started = aggregate(members_api, user_guid, member.guid)
        assert started.is_being_aggregated is True
        assert started.aggregated_at != previous
        wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
        previous = started.aggregated_at


def test_mxbank_balance_checks_are_never_throttled(members_api, institutions_api, user_guid, advance_clock):
    member = connect_mxbank(members_api, institutions_api, user_guid)

    for _ in range(2):
        advance_clock(60)
        started = check_balances(members_api, user_guid, member.guid)
        assert started.is_being_aggregated is True
        wait_for_status(members_api, user_guid, member.guid, "CONNECTED")


# -- disabled users --------------------------------------------------------------------------


def test_aggregate_for_a_disabled_user_is_403(members_api, institutions_api, users_api, user_guid):
    member = create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True)
    users_api.update_user(user_guid, UserUpdateRequestBody(user=UserUpdateRequest(is_disabled=True)))

    assert_job_error(lambda: members_api.aggregate_member(member.guid, user_guid), 403)

    status = read_status(members_api, user_guid, member.guid)
    assert (status.connection_status, status.is_being_aggregated) == ("CREATED", False)
