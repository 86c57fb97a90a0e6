"""Helpers for the member, job, OAuth, account and transaction tests: creating
members at MX Bank (the sandbox test institution), waiting for background jobs,
answering MFA and reading whole lists."""

import datetime
import math
import time

from mx_platform_python.models import (
    CredentialRequest,
    MemberCreateRequest,
    MemberCreateRequestBody,
    MemberResumeRequest,
    MemberResumeRequestBody,
    MemberUpdateRequest,
    MemberUpdateRequestBody,
)

MXBANK = "mxbank"
MXBANK_OAUTH = "mx_bank_oauth"
TEST_INSTITUTIONS = {MXBANK, MXBANK_OAUTH}
USERNAME = "test_atrium"

POLL_INTERVAL_S = 0.05
WAIT_DEADLINE_S = 15.0

MFA_EXPIRY_S = 600
PENDING_OAUTH_LIFETIME_S = 3600
AGGREGATION_THROTTLE_S = 3 * 3600
DAY_S = 86400

MEMBER_KEYS = {
    "guid", "id", "user_guid", "institution_code", "institution_guid", "name", "metadata",
    "connection_status", "connection_status_message", "is_being_aggregated", "is_oauth", "oauth_window_uri",
    "aggregated_at", "successfully_aggregated_at", "background_aggregation_is_disabled",
    "is_managed_by_user", "needs_updated_credentials",
}
MEMBER_BOOLS = {
    "is_being_aggregated", "is_oauth", "background_aggregation_is_disabled", "is_managed_by_user",
    "needs_updated_credentials",
}


# -- credentials ---------------------------------------------------------------


def institution_credentials(institutions_api, code: str) -> list:
    """The institution's credential definitions (SDK models), in display order."""
    creds = institutions_api.list_institution_credentials(code, records_per_page=1000).credentials
    assert creds, f"institution {code} has no credentials"
    return creds


def credential_values(definitions, username: str = USERNAME, password: str = "password") -> list:
    """``[CredentialRequest(guid, value)]`` for a username/password institution:
    the PASSWORD field gets ``password``, every other (TEXT) field ``username``."""
    return [
        CredentialRequest(guid=d.guid, value=password if d.field_type == "PASSWORD" else username)
        for d in definitions
    ]


def mxbank_credentials(institutions_api, password: str = "password", username: str = USERNAME) -> list:
    definitions = institution_credentials(institutions_api, MXBANK)
    assert sorted(d.field_name for d in definitions) == ["LOGIN", "PASSWORD"], definitions
    return credential_values(definitions, username, password)


def credential_guids(institutions_api, code: str = MXBANK) -> dict:
    """``{field_name: credential guid}`` of an institution."""
    return {d.field_name: d.guid for d in institution_credentials(institutions_api, code)}


# -- members -------------------------------------------------------------------


def create_member(members_api, user_guid: str, institution_code: str, credentials: list, *,
                  status: int = None, referral_source: str = None, ui_message_webview_url_scheme: str = None,
                  **member_fields):
    """Create a member through the SDK; asserts the HTTP status (200 or 202 unless
    ``status`` is given) and returns the MemberResponse."""
    body = MemberCreateRequestBody(
        member=MemberCreateRequest(institution_code=institution_code, credentials=credentials, **member_fields),
        referral_source=referral_source,
        ui_message_webview_url_scheme=ui_message_webview_url_scheme,
    )
    resp = members_api.create_member_with_http_info(user_guid, body)
    if status is None:
        assert resp.status_code in (200, 202), resp.raw_data
    else:
        assert resp.status_code == status, f"expected {status}, got {resp.status_code}: {resp.raw_data!r}"
    member = resp.data.member
    assert member is not None and member.guid.startswith("MBR-"), resp.raw_data
    return member


def create_mxbank_member(members_api, institutions_api, user_guid: str, password: str = "password", **fields):
    """An MX Bank member whose aggregation job has started (202)."""
    creds = mxbank_credentials(institutions_api, password)
    status = 200 if fields.get("skip_aggregation") else 202
    return create_member(members_api, user_guid, MXBANK, creds, status=status, **fields)


def read_member(members_api, user_guid: str, member_guid: str):
    return members_api.read_member(member_guid, user_guid).member


def read_status(members_api, user_guid: str, member_guid: str):
    return members_api.read_member_status(member_guid, user_guid).member


def wait_for_member(members_api, user_guid: str, member_guid: str, *, stale_challenges=(), deadline_s=WAIT_DEADLINE_S):
    """Poll ``read_member_status`` every 50 ms until the member's job stopped
    (``is_being_aggregated`` false) or waits for MFA (CHALLENGED with challenges
    other than ``stale_challenges``, the guids just answered). Returns the
    MemberStatusResponse; fails after ``deadline_s``."""
    stale = set(stale_challenges)
    deadline = time.monotonic() + deadline_s
    while True:
        status = read_status(members_api, user_guid, member_guid)
        if status.connection_status == "CHALLENGED":
            guids = {c.guid for c in status.challenges or []}
            if not guids or not guids <= stale:
                return status
        elif status.is_being_aggregated is False:
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"member {member_guid} still busy after {deadline_s}s: {status.to_dict()}")
        time.sleep(POLL_INTERVAL_S)


def wait_for_status(members_api, user_guid: str, member_guid: str, expected: str, **kwargs):
    status = wait_for_member(members_api, user_guid, member_guid, **kwargs)
    assert status.connection_status == expected, f"expected {expected}, got {status.to_dict()}"
    if expected != "CHALLENGED":
        assert status.is_being_aggregated is False, status.to_dict()
    return status


def connect_mxbank(members_api, institutions_api, user_guid: str, **fields):
    """Create an MX Bank member with the good password and wait until CONNECTED;
    returns the member as read afterwards."""
    member = create_mxbank_member(members_api, institutions_api, user_guid, "password", **fields)
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
    return read_member(members_api, user_guid, member.guid)


def challenged_mxbank(members_api, institutions_api, user_guid: str, password: str = "challenge"):
    """An MX Bank member waiting for MFA; returns (member, MemberStatusResponse)."""
    member = create_mxbank_member(members_api, institutions_api, user_guid, password)
    status = wait_for_status(members_api, user_guid, member.guid, "CHALLENGED")
    assert status.challenges, status.to_dict()
    return member, status


def resume(members_api, user_guid: str, member_guid: str, answers: list):
    """Answer MFA with ``[(challenge guid, value)]``: asserts the 202 and returns the member."""
    body = MemberResumeRequestBody(
        member=MemberResumeRequest(challenges=[CredentialRequest(guid=g, value=v) for g, v in answers])
    )
    resp = members_api.resume_aggregation_with_http_info(member_guid, user_guid, body)
    assert resp.status_code == 202, f"resume: {resp.status_code} {resp.raw_data!r}"
    assert resp.data.member is not None and resp.data.member.guid == member_guid, resp.raw_data
    return resp.data.member


def update_member(members_api, user_guid: str, member_guid: str, **fields):
    """PUT the member through the SDK; asserts the 200 and returns the member."""
    body = MemberUpdateRequestBody(member=MemberUpdateRequest(**fields))
    resp = members_api.update_member_with_http_info(member_guid, user_guid, body)
    assert resp.status_code == 200, f"update: {resp.status_code} {resp.raw_data!r}"
    return resp.data.member


def start_job(call, member_guid: str, user_guid: str):
    """Call a job operation (``aggregate_member``, ``check_balances``) through the
    SDK; asserts the 202 and returns the member."""
    resp = call(member_guid, user_guid)
    assert resp.status_code == 202, f"{resp.status_code} {resp.raw_data!r}"
    assert resp.data is not None and resp.data.member.guid == member_guid, resp.raw_data
    return resp.data.member


def find_plain_institution(institutions_api) -> str:
    """Code of a catalogue institution that is not a test institution, has no
    OAuth and asks exactly for one TEXT field plus a PASSWORD."""
    page = 1
    while True:
        body = institutions_api.list_institutions(page=page, records_per_page=100)
        for inst in body.institutions:
            if inst.code in TEST_INSTITUTIONS or inst.supports_oauth:
                continue
            creds = institutions_api.list_institution_credentials(inst.code).credentials
            types = sorted((c.field_type, c.field_name == "PASSWORD") for c in creds)
            if types == [("PASSWORD", True), ("TEXT", False)]:
                return inst.code
        if page >= body.pagination.total_pages:
            raise AssertionError("no non-test, non-OAuth institution with TEXT + PASSWORD credentials")
        page += 1


# -- raw JSON --------------------------------------------------------------------


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_cents(value) -> bool:
    """A JSON number with at most two decimals."""
    return is_number(value) and math.isclose(value * 100, round(value * 100), abs_tol=1e-6)


def raw_member(raw, user_guid: str, member_guid: str) -> dict:
    return raw.json_ok("GET", f"/users/{user_guid}/members/{member_guid}")["member"]


def raw_status(raw, user_guid: str, member_guid: str) -> dict:
    return raw.json_ok("GET", f"/users/{user_guid}/members/{member_guid}/status")["member"]


def count_members(raw, user_guid: str) -> int:
    return raw.json_ok("GET", f"/users/{user_guid}/members")["pagination"]["total_entries"]


def raw_list_all(raw, path: str, key: str, **params) -> list:
    """Every item of a raw paginated list (100 per page)."""
    items, page = [], 1
    while True:
        body = raw.json_ok("GET", path, params={**params, "page": page, "records_per_page": 100})
        items.extend(body[key])
        if page >= body["pagination"]["total_pages"]:
            assert len(items) == body["pagination"]["total_entries"], body["pagination"]
            return items
        page += 1


def server_today(advance_clock) -> datetime.date:
    """The server clock's current (UTC) date, without moving it."""
    return parse_date(advance_clock(0)["now"][:10])


def parse_date(text: str) -> datetime.date:
    assert isinstance(text, str) and len(text) == 10, f"not a YYYY-MM-DD date: {text!r}"
    return datetime.date.fromisoformat(text)
