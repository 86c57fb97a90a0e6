"""Helpers for the PREMIUM data tests (verification, identity, extended history,
statements, investment holdings): starting premium jobs through the SDK,
connecting members at MX Bank or at catalogue institutions, answering the
``challenge`` MFA, exact (Decimal) raw JSON reads, check-digit validators and
a reader for the statement PDFs' text."""

import dataclasses
import json
import re
import shutil
import subprocess
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from mx_platform_python import MembersApi, StatementsApi, TransactionsApi

from .helpers import V1, list_all, media_type
from .members_helpers import (
    MXBANK,
    TEST_INSTITUTIONS,
    challenged_mxbank,
    create_member,
    create_mxbank_member,
    credential_values,
    institution_credentials,
    read_member,
    resume,
    wait_for_status,
)

PDF = "application/vnd.mx.api.v1+pdf"
MFA_ANSWER = "correct"  # the answer to MX Bank's `challenge` question
# Households of the sandbox depend on the login; these are tried in order
# until one has an INVESTMENT account.
INVESTOR_USERNAMES = ("test_atrium", "alice", "carol", "dave", "erin", "frank", "grace", "heidi")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
PHONE = re.compile(r"^\d{3}-555-01\d{2}$")
OWNER_EMAIL_DOMAINS = {"example.com", "example.org"}


def fake_guid(prefix: str) -> str:
    """A well-formed guid that names nothing."""
    return f"{prefix}-{uuid.uuid4()}"


# -- premium jobs ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PremiumJob:
    name: str
    api: type  # SDK Api class
    method: str  # SDK method name (without _with_http_info)
    status: int  # the HTTP status of a started job (the only one the SDK maps)
    flag: str  # the institution's supports_* flag


JOBS = {
    job.name: job
    for job in (
        PremiumJob("verify", MembersApi, "verify_member", 200, "supports_account_verification"),
        PremiumJob("identify", MembersApi, "identify_member", 202, "supports_account_identification"),
        PremiumJob("extend_history", TransactionsApi, "extend_history", 202, "supports_transaction_history"),
        PremiumJob("fetch_statements", StatementsApi, "fetch_statements", 202, "supports_account_statement"),
    )
}


def job_call(mx, job: str):
    """The SDK's ``<method>_with_http_info(member_guid, user_guid)`` of a premium job."""
    spec = JOBS[job]
    return getattr(spec.api(mx), spec.method + "_with_http_info")


def start_premium(mx, job: str, user_guid: str, member_guid: str, status: int = None) -> dict:
    """Start a premium job through the SDK and assert its status (by default the
    one of a newly started job: 200 for verify, 202 otherwise). Returns the
    response's ``member`` as a dict (read from the raw body, so that a status
    the SDK does not map, such as verify's 202, is checked too)."""
    expected = JOBS[job].status if status is None else status
    resp = job_call(mx, job)(member_guid, user_guid)
    assert resp.status_code == expected, f"{job}: expected {expected}, got {resp.status_code}: {resp.raw_data!r}"
    if expected == JOBS[job].status:
        assert resp.data is not None and resp.data.member is not None, f"{job}: SDK got no member: {resp.raw_data!r}"
        assert resp.data.member.guid == member_guid, resp.raw_data
    body = json.loads(resp.raw_data)
    assert isinstance(body, dict) and isinstance(body.get("member"), dict), f"{job}: body {resp.raw_data!r}"
    member = body["member"]
    assert member["guid"] == member_guid, body
    return member


def run_premium(mx, job: str, user_guid: str, member_guid: str) -> dict:
    """Start a premium job (it must start: is_being_aggregated true) and wait
    until the member is CONNECTED again. Returns the started member."""
    started = start_premium(mx, job, user_guid, member_guid)
    assert started["is_being_aggregated"] is True, f"{job} did not start a job: {started}"
    wait_for_status(MembersApi(mx), user_guid, member_guid, "CONNECTED")
    return started


# -- members -----------------------------------------------------------------------


def connect_at(members_api, institutions_api, user_guid: str, code: str, username: str = "someone"):
    """A CONNECTED member at any institution asking only TEXT/PASSWORD fields
    (``password`` connects in the sandbox); returns the member as read afterwards."""
    creds = credential_values(institution_credentials(institutions_api, code), username, "password")
    member = create_member(members_api, user_guid, code, creds, status=202)
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
    return read_member(members_api, user_guid, member.guid)


def answer_mfa(members_api, user_guid: str, member_guid: str, status):
    """Answer every open challenge with ``correct`` and wait until CONNECTED."""
    guids = [c.guid for c in status.challenges]
    assert guids, status.to_dict()
    resume(members_api, user_guid, member_guid, [(g, MFA_ANSWER) for g in guids])
    return wait_for_status(members_api, user_guid, member_guid, "CONNECTED", stale_challenges=guids)


def connect_challenge_member(members_api, institutions_api, user_guid: str):
    """An MX Bank member created with password ``challenge`` (MFA on every
    login), connected by answering its first challenge. Returns the member."""
    member, status = challenged_mxbank(members_api, institutions_api, user_guid, "challenge")
    answer_mfa(members_api, user_guid, member.guid, status)
    return read_member(members_api, user_guid, member.guid)


def skipped_mxbank(members_api, institutions_api, user_guid: str):
    """An MX Bank member created with ``skip_aggregation`` (no job, no data)."""
    return create_mxbank_member(members_api, institutions_api, user_guid, skip_aggregation=True)


def member_accounts(accounts_api, user_guid: str, member_guid: str) -> list:
    return list_all(accounts_api.list_member_accounts, "accounts", member_guid=member_guid, user_guid=user_guid)


def connect_investor(members_api, institutions_api, accounts_api, user_guid: str):
    """A CONNECTED MX Bank member with at least one INVESTMENT account: tries
    the usernames of ``INVESTOR_USERNAMES`` (deleting members without one).
    Returns ``(member, accounts)``."""
    for username in INVESTOR_USERNAMES:
        member = connect_at(members_api, institutions_api, user_guid, MXBANK, username)
        accounts = member_accounts(accounts_api, user_guid, member.guid)
        if any(a.type == "INVESTMENT" for a in accounts):
            return member, accounts
        members_api.delete_member(member.guid, user_guid)
    raise AssertionError(f"no MX Bank household of {INVESTOR_USERNAMES} has an INVESTMENT account")


# -- institutions ------------------------------------------------------------------


def institution(institutions_api, code: str):
    return institutions_api.read_institution(code).institution


def supported_jobs(institutions_api, code: str, preferred=("identify", "verify", "fetch_statements", "extend_history")):
    """The premium jobs the institution supports, in ``preferred`` order."""
    inst = institution(institutions_api, code)
    return [job for job in preferred if getattr(inst, JOBS[job].flag) is True]


def find_institution_without(institutions_api, flag: str) -> str:
    """Code of a catalogue institution (not a test one, no OAuth, only TEXT and
    PASSWORD credentials) whose ``flag`` is false; skips when there is none."""
    page = 1
    while True:
        body = institutions_api.list_institutions(page=page, records_per_page=100)
        for inst in body.institutions:
            if inst.code in TEST_INSTITUTIONS or inst.supports_oauth or getattr(inst, flag) is not False:
                continue
            creds = institution_credentials(institutions_api, inst.code)
            if {c.field_type for c in creds} == {"TEXT", "PASSWORD"}:
                return inst.code
        if page >= body.pagination.total_pages:
            pytest.skip(f"the catalogue has no TEXT/PASSWORD institution with {flag}=false")
        page += 1


# -- raw JSON with exact decimals ----------------------------------------------------------


def decimal_json(resp) -> dict:
    """A v1 JSON 200 body parsed with every non-integer number as ``Decimal``."""
    assert resp.status_code == 200, f"{resp.request.method} {resp.url}: {resp.status_code} {resp.text[:500]}"
    assert media_type(resp.headers.get("Content-Type")) == V1, resp.headers.get("Content-Type")
    return json.loads(resp.text, parse_float=Decimal)


def raw_list_exact(raw, path: str, key: str) -> list:
    """Every item of a raw paginated list, numbers as ``Decimal``."""
    items, page = [], 1
    while True:
        body = decimal_json(raw.get(path, params={"page": page, "records_per_page": 100}))
        items.extend(body[key])
        if page >= body["pagination"]["total_pages"]:
            assert len(items) == body["pagination"]["total_entries"], body["pagination"]
            return items
        page += 1


def as_decimal(value) -> Decimal:
    """A JSON number (int or Decimal from ``decimal_json``) as a Decimal."""
    assert isinstance(value, (int, Decimal)) and not isinstance(value, bool), f"not a JSON number: {value!r}"
    return Decimal(value)


# -- check digits ------------------------------------------------------------------------


def aba_routing_valid(routing: str) -> bool:
    """9 digits whose ABA 3-7-1 weighted sum is a multiple of 10."""
    if not (isinstance(routing, str) and re.fullmatch(r"\d{9}", routing)):
        return False
    digits = [int(c) for c in routing]
    return sum(w * d for w, d in zip((3, 7, 1) * 3, digits)) % 10 == 0


def cusip_valid(cusip: str) -> bool:
    """9 characters whose last one is the CUSIP check digit of the first 8
    (digits as is, letters A=10..Z=35, * @ # = 36 37 38; every second value
    doubled; digits of the products summed; (10 - sum % 10) % 10)."""
    if not (isinstance(cusip, str) and re.fullmatch(r"[0-9A-Z*@#]{8}[0-9]", cusip)):
        return False
    total = 0
    for i, char in enumerate(cusip[:8]):
        if char.isdigit():
            value = int(char)
        elif char.isalpha():
            value = ord(char) - ord("A") + 10
        else:
            value = {"*": 36, "@": 37, "#": 38}[char]
        if i % 2 == 1:
            value *= 2
        total += value // 10 + value % 10
    return (10 - total % 10) % 10 == int(cusip[8])


# -- statement PDFs ------------------------------------------------------------------------

MONEY = re.compile(r"(?<![\w.])(-)?\$(-)?(\d{1,3}(?:,\d{3})*\.\d{2})(?![\d])")
LINE_DATE = re.compile(r"^\s*(\d{2}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2})\s")


def money_values(text: str) -> list:
    """Every ``$1,234.56`` / ``-$1,234.56`` amount of a line, as Decimals."""
    return [
        -Decimal(num.replace(",", "")) if (sign or sign2) else Decimal(num.replace(",", ""))
        for sign, sign2, num in MONEY.findall(text)
    ]


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF by ``pdftotext -layout`` (poppler-utils, installed by
    scripts/setup-system.sh)."""
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext is not installed: run scripts/setup-system.sh"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "statement.pdf"
        path.write_bytes(pdf)
        done = subprocess.run([exe, "-layout", str(path), "-"], capture_output=True, timeout=30)
    assert done.returncode == 0, f"pdftotext failed ({done.returncode}): {done.stderr.decode(errors='replace')}"
    return done.stdout.decode("utf-8", "replace")


@dataclasses.dataclass
class StatementText:
    opening: Decimal
    closing: Decimal
    lines: list  # [(amount, running balance or None)] in print order
    summary: dict  # {"credits": (count, total), "debits": (count, total)} when printed


def labelled_amount(text: str, label: str) -> Decimal:
    """The single amount printed on the line(s) that start with ``label``."""
    found = [
        money_values(line) for line in text.splitlines() if line.strip().lower().startswith(label.lower())
    ]
    assert found, f"no {label!r} line in the statement text:\n{text}"
    values = {v for amounts in found for v in amounts[:1]}
    assert all(found) and len(values) == 1, f"{label!r} lines without one consistent amount: {found}\n{text}"
    return values.pop()


def parse_statement(text: str) -> StatementText:
    """Opening/closing balances, dated transaction lines (the amount is the
    second-to-last dollar amount when a running balance follows, else the only
    one) and the optional ``Credits (n)`` / ``Debits (n)`` summary lines."""
    lines = []
    for line in text.splitlines():
        if LINE_DATE.match(line):
            amounts = money_values(line)
            if amounts:
                lines.append((amounts[-2], amounts[-1]) if len(amounts) >= 2 else (amounts[0], None))
    summary = {}
    for line in text.splitlines():
        match = re.match(r"^\s*(credits|debits)\s*\((\d+)\)", line, re.IGNORECASE)
        if match and money_values(line):
            summary[match.group(1).lower()] = (int(match.group(2)), money_values(line)[0])
    return StatementText(
        opening=labelled_amount(text, "Opening balance"),
        closing=labelled_amount(text, "Closing balance"),
        lines=lines,
        summary=summary,
    )
