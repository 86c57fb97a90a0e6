"""Aggregation-type jobs through the Atrium SDK: every 202 carries the member; a
job of the same kind already running is 202, another kind 409 (spec §5)."""

from atrium import User, UserUpdateRequestBody

from atrium_helpers import (
    assert_atrium_error,
    connect,
    create_member,
    resume,
    sdk_error,
    wait_for_member,
    wait_for_status,
)


def test_aggregate_and_balance_answer_202_with_the_member(atrium, user_guid):
    member = connect(atrium, user_guid)
    data, code, _ = atrium.members.aggregate_member_balances_with_http_info(member.guid, user_guid)
    assert code == 202
    assert data.member is not None and data.member.guid == member.guid
    assert data.member.is_being_aggregated is True and data.member.name == "MX Bank"
    status = wait_for_member(atrium, user_guid, member.guid)
    assert (status.connection_status, status.status) == ("CONNECTED", "COMPLETED")

    data, code, _ = atrium.members.aggregate_member_with_http_info(member.guid, user_guid)
    assert code == 202 and data.member.guid == member.guid and data.member.user_guid == user_guid
    wait_for_member(atrium, user_guid, member.guid)


def test_challenged_member_keeps_its_aggregation_running(atrium, user_guid):
    member = create_member(atrium, user_guid, "challenge")
    [question] = wait_for_status(atrium, user_guid, member.guid, "CHALLENGED", "CHALLENGED").challenges

    # The same kind: 202 with the member, still being aggregated; nothing new starts.
    data, code, _ = atrium.members.aggregate_member_with_http_info(member.guid, user_guid)
    assert code == 202
    assert data.member.guid == member.guid and data.member.is_being_aggregated is True
    assert data.member.connection_status == "CHALLENGED" and data.member.status == "CHALLENGED"
    again = atrium.members.read_member_status(member.guid, user_guid).member
    assert [c.guid for c in again.challenges] == [question.guid]

    # Another kind: 409, and the member is unchanged.
    error = sdk_error(atrium.members.aggregate_member_balances, member.guid, user_guid)
    assert_atrium_error(error, 409)
    after = atrium.members.read_member_status(member.guid, user_guid).member
    assert after.connection_status == "CHALLENGED" and after.is_being_aggregated is True

    resume(atrium, user_guid, member.guid, [(question.guid, "correct")])
    wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED", stale=[question.guid])


def test_disabled_user_cannot_aggregate(atrium, user_guid):
    member = connect(atrium, user_guid)
    atrium.users.update_user(user_guid, body=UserUpdateRequestBody(user=User(is_disabled=True)))
    assert_atrium_error(sdk_error(atrium.members.aggregate_member, member.guid, user_guid), 403)
    assert_atrium_error(sdk_error(atrium.members.aggregate_member_balances, member.guid, user_guid), 403)
    read = atrium.members.read_member(member.guid, user_guid).member
    assert read.is_being_aggregated is False
    atrium.users.update_user(user_guid, body=UserUpdateRequestBody(user=User(is_disabled=False)))
    data, code, _ = atrium.members.aggregate_member_with_http_info(member.guid, user_guid)
    assert code == 202 and data.member.is_being_aggregated is True
    wait_for_member(atrium, user_guid, member.guid)


def test_resume_when_not_challenged_is_4xx(atrium, raw, user_guid):
    member = connect(atrium, user_guid)
    response = raw.put(
        f"/users/{user_guid}/members/{member.guid}/resume",
        json={"member": {"challenges": [{"guid": "CRD-x", "value": "correct"}]}},
    )
    assert_atrium_error(response, 422)
    assert atrium.members.read_member(member.guid, user_guid).member.connection_status == "CONNECTED"


def test_balance_checks_on_a_normal_bank_are_two_hours_apart(atrium, user_guid):
    """`/balance` within 2 hours of the last one is 429 on an ordinary institution
    (MX Bank, the test institution, is never throttled)."""
    from atrium import CredentialRequest

    fields = atrium.institutions.read_institution_credentials("pnc").credentials
    credentials = [
        CredentialRequest(guid=f.guid, value="password" if f.type == "PASSWORD" else "someone")
        for f in fields
    ]
    member = create_member(atrium, user_guid, institution_code="pnc", credentials=credentials)
    assert wait_for_member(atrium, user_guid, member.guid).connection_status == "CONNECTED"

    data, code, _ = atrium.members.aggregate_member_balances_with_http_info(member.guid, user_guid)
    assert code == 202 and data.member.guid == member.guid
    wait_for_member(atrium, user_guid, member.guid)
    assert_atrium_error(sdk_error(atrium.members.aggregate_member_balances, member.guid, user_guid), 429)

    # MX Bank: no throttle of any kind.
    mxbank = connect(atrium, user_guid)
    for _ in range(2):
        _, code, _ = atrium.members.aggregate_member_balances_with_http_info(mxbank.guid, user_guid)
        assert code == 202
        wait_for_member(atrium, user_guid, mxbank.guid)
