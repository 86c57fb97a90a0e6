"""Members through the Atrium SDK, driven through MX Bank's scripted logins:
clean, two-step text MFA, options, image, denied and halted; polling
`read_member_status` with the legacy `status` checked at each step."""

from atrium import MemberUpdateRequest, MemberUpdateRequestBody

from atrium_helpers import (
    MEMBER_KEYS,
    MXBANK,
    MXBANK_OAUTH,
    STATUS_KEYS,
    assert_atrium_error,
    connect,
    create_member,
    mxbank_credentials,
    resume,
    sdk_error,
    unique,
    wait_for_member,
    wait_for_status,
)


def test_clean_login_connects(atrium, raw, user_guid):
    identifier = unique("m")
    member = create_member(atrium, user_guid, "password", identifier=identifier, metadata='{"a": 1}')
    assert member.institution_code == MXBANK and member.name == "MX Bank"
    assert member.identifier == identifier and member.metadata == '{"a": 1}'
    assert member.is_being_aggregated is True and member.status == "INITIATED"
    assert member.is_oauth is False

    status = wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED")
    assert status.is_authenticated is True
    assert status.has_processed_accounts is True and status.has_processed_transactions is True
    assert status.challenges is None
    assert status.successfully_aggregated_at and status.aggregated_at

    read = atrium.members.read_member(member.guid, user_guid).member
    assert (read.connection_status, read.status, read.is_being_aggregated) == ("CONNECTED", "COMPLETED", False)
    assert read.identifier == identifier
    listed = atrium.members.list_members(user_guid)
    assert [m.guid for m in listed.members] == [member.guid]
    assert listed.pagination.total_entries == 1

    assert set(raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}")["member"]) >= MEMBER_KEYS
    assert set(raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/status")["member"]) >= STATUS_KEYS

    # Not challenged: 204 and no body, which the SDK reads as no challenges.
    data, code, _ = atrium.members.list_member_mfa_challenges_with_http_info(member.guid, user_guid)
    assert code == 204 and (data is None or data.challenges is None)

    fields = atrium.members.list_member_credentials(member.guid, user_guid).credentials
    assert [f.field_name for f in fields] == ["LOGIN", "PASSWORD"]


def test_two_step_text_mfa(atrium, user_guid):
    member = create_member(atrium, user_guid, "challenge")
    status = wait_for_status(atrium, user_guid, member.guid, "CHALLENGED", "CHALLENGED")
    assert status.is_being_aggregated is True
    [q1] = status.challenges
    assert q1.type == "TEXT" and q1.label and q1.guid.startswith("CRD-")
    listed = atrium.members.list_member_mfa_challenges(member.guid, user_guid).challenges
    assert [c.guid for c in listed] == [q1.guid]

    resumed = resume(atrium, user_guid, member.guid, [(q1.guid, "challenge")])
    assert resumed.connection_status == "RESUMED" and resumed.status == "RECEIVED"
    status = wait_for_status(atrium, user_guid, member.guid, "CHALLENGED", "CHALLENGED", stale=[q1.guid])
    [q2] = status.challenges
    assert q2.guid != q1.guid and q2.type == "TEXT"

    resume(atrium, user_guid, member.guid, [(q2.guid, "correct")])
    status = wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED", stale=[q2.guid])
    assert status.challenges is None
    assert atrium.members.list_member_accounts(member.guid, user_guid).accounts


def test_options_mfa(atrium, user_guid):
    member = create_member(atrium, user_guid, "options")
    [challenge] = wait_for_status(atrium, user_guid, member.guid, "CHALLENGED", "CHALLENGED").challenges
    assert challenge.type == "OPTIONS"
    assert challenge.options and all(o.label and o.value for o in challenge.options)
    assert "correct" in [o.value for o in challenge.options]
    assert challenge.image_options is None
    resume(atrium, user_guid, member.guid, [(challenge.guid, "correct")])
    wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED", stale=[challenge.guid])


def test_image_mfa(atrium, user_guid):
    member = create_member(atrium, user_guid, "image")
    [challenge] = wait_for_status(atrium, user_guid, member.guid, "CHALLENGED", "CHALLENGED").challenges
    assert challenge.type == "IMAGE_DATA"
    assert challenge.image_data.startswith("data:image/png;base64,")
    resume(atrium, user_guid, member.guid, [(challenge.guid, "correct")])
    wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED", stale=[challenge.guid])


def test_wrong_answer_is_rejected_and_halted(atrium, user_guid):
    member = create_member(atrium, user_guid, "challenge")
    [q1] = wait_for_status(atrium, user_guid, member.guid, "CHALLENGED", "CHALLENGED").challenges
    resume(atrium, user_guid, member.guid, [(q1.guid, "wrong")])
    wait_for_status(atrium, user_guid, member.guid, "REJECTED", "HALTED", stale=[q1.guid])


def test_denied_then_new_credentials(atrium, user_guid):
    member = create_member(atrium, user_guid, "UNAUTHORIZED")
    status = wait_for_status(atrium, user_guid, member.guid, "DENIED", "DENIED")
    assert status.is_authenticated is False
    fields = atrium.members.list_member_credentials(member.guid, user_guid).credentials
    assert {f.field_name for f in fields} == {"LOGIN", "PASSWORD"}

    body = MemberUpdateRequestBody(member=MemberUpdateRequest(credentials=mxbank_credentials(atrium, "password")))
    data, code, _ = atrium.members.update_member_with_http_info(member.guid, user_guid, body=body)
    assert code == 202 and data.member.guid == member.guid
    assert data.member.is_being_aggregated is True and data.member.status == "INITIATED"
    wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED")


def test_error_passwords_give_the_guide_statuses(atrium, user_guid):
    expected = {
        "INVALID": ("DENIED", "DENIED"),
        "LOCKED": ("LOCKED", "DENIED"),
        "SERVER_ERROR": ("FAILED", "HALTED"),
        "BAD_REQUEST": ("IMPAIRED", "HALTED"),
    }
    for password, (connection_status, legacy) in expected.items():
        member = create_member(atrium, user_guid, password)
        wait_for_status(atrium, user_guid, member.guid, connection_status, legacy)


def test_update_identifier_and_metadata_and_no_body(atrium, user_guid):
    member = create_member(atrium, user_guid, skip_aggregation=True, expect=200)
    assert member.connection_status == "CREATED" and member.status is None
    assert member.is_being_aggregated is False
    identifier = unique("renamed")
    body = MemberUpdateRequestBody(member=MemberUpdateRequest(identifier=identifier, metadata="meta"))
    updated = atrium.members.update_member(member.guid, user_guid, body=body).member
    assert (updated.identifier, updated.metadata) == (identifier, "meta")
    assert updated.is_being_aggregated is False  # no new credentials, no job
    data, code, _ = atrium.members.update_member_with_http_info(member.guid, user_guid)
    assert code == 200 and data.member.identifier == identifier


def test_delete_member(atrium, user_guid):
    member = connect(atrium, user_guid)
    data, code, _ = atrium.members.delete_member_with_http_info(member.guid, user_guid)
    assert (data, code) == (None, 204)
    assert_atrium_error(sdk_error(atrium.members.read_member, member.guid, user_guid), 404)
    assert atrium.accounts.list_user_accounts(user_guid).accounts == []


def test_oauth_member_is_pending_with_a_window(atrium, user_guid):
    member = create_member(
        atrium,
        user_guid,
        institution_code=MXBANK_OAUTH,
        credentials=[],
        is_oauth=True,
        referral_source="APP",
        ui_message_webview_url_scheme="myapp",
        expect=200,
    )
    assert member.is_oauth is True and member.connection_status == "PENDING"
    assert member.oauth_window_uri and member.status is None
    window = atrium.members.read_o_auth_window_uri(
        member.guid, user_guid, referral_source="BROWSER", ui_message_webview_url_scheme="atrium"
    ).member
    assert window.guid == member.guid
    assert window.oauth_window_uri and window.oauth_window_uri != member.oauth_window_uri
    # No aggregation before the end user authorizes.
    assert_atrium_error(sdk_error(atrium.members.aggregate_member, member.guid, user_guid), 422)


def test_status_polling_sees_the_job_start(atrium, user_guid):
    member = connect(atrium, user_guid)
    data, code, _ = atrium.members.aggregate_member_with_http_info(member.guid, user_guid)
    assert code == 202 and data.member.guid == member.guid
    assert data.member.is_being_aggregated is True and data.member.status == "INITIATED"
    final = wait_for_member(atrium, user_guid, member.guid)
    assert (final.connection_status, final.status) == ("CONNECTED", "COMPLETED")
