"""Premium data through the official Atrium SDK (2.11.7): holdings (by user, member,
account; read), identity (identify, account owners), verification (verify, account
numbers by member and by account), extended history, statements (fetch, list, read,
PDF). Every one of the 14 SDK methods is called against the live server and its
values are checked; then the job rules (400 without the institution's supports_*
flag, 409, 403), another client's guids (404), the guide's test fixtures, and the
same premium data seen through the MX Platform SDK."""

import datetime
import hashlib
import json
import re
import urllib.parse
from decimal import Decimal

import pytest
from atrium import CredentialRequest, User, UserUpdateRequestBody
from mx_platform_python import (
    AccountsApi,
    InvestmentHoldingsApi,
    MembersApi,
    StatementsApi,
)

from atrium_helpers import (
    MEMBER_KEYS,
    PAGINATION_KEYS,
    assert_atrium_error,
    connect,
    create_member,
    create_user,
    list_all,
    mxbank_credentials,
    resume,
    sdk_error,
    wait_for_member,
    wait_for_status,
)

# Households of the MX Bank sandbox depend on the login: these are tried in order
# until one has an INVESTMENT account (as in the MX Platform suite).
INVESTOR_USERNAMES = ("test_atrium", "alice", "carol", "dave", "erin", "frank", "grace", "heidi")
DEPOSIT_TYPES = {"CHECKING", "SAVINGS"}
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
ATRIUM_PDF = "application/vnd.mx.atrium.v1+pdf"
HOLDING_KEYS = {
    "account_guid", "cost_basis", "created_at", "currency_code", "cusip", "daily_change", "description", "guid",
    "holding_type", "market_value", "member_guid", "purchase_price", "shares", "symbol", "updated_at", "user_guid",
}
NUMBER_KEYS = {
    "account_guid", "account_number", "institution_number", "member_guid", "routing_number", "transit_number",
    "user_guid",
}
OWNER_KEYS = {
    "account_guid", "address", "city", "country", "email", "guid", "member_guid", "owner_name", "postal_code",
    "state", "user_guid",
}
STATEMENT_KEYS = {"account_guid", "content_hash", "created_at", "guid", "member_guid", "uri", "user_guid", "updated_at"}

# (job, SDK API attribute, SDK method, the institution flag it needs)
JOBS = {
    "verify": ("verification", "verify_member", "supports_account_verification"),
    "identify": ("identity", "identify_member", "supports_account_identification"),
    "extend_history": ("members", "extend_history", "supports_transaction_history"),
    "fetch_statements": ("statements", "fetch_statements", "supports_account_statement"),
}


# -- helpers ---------------------------------------------------------------------


def job_call(atrium, job: str):
    api, method, _ = JOBS[job]
    return getattr(getattr(atrium, api), method + "_with_http_info")


def run_job(atrium, job: str, user_guid: str, member_guid: str):
    """Starts a premium job through the SDK: 202 with the whole member, a job running;
    then waits until the member is CONNECTED (legacy COMPLETED) again."""
    data, status, _ = job_call(atrium, job)(member_guid, user_guid)
    assert status == 202, f"{job}: {status} {data}"
    member = data.member
    assert member is not None and member.guid == member_guid and member.user_guid == user_guid, data
    assert member.is_being_aggregated is True, f"{job} did not start a job: {member}"
    assert (member.connection_status, member.status) == ("CONNECTED", "INITIATED"), member
    assert member.institution_code == "mxbank" and member.name == "MX Bank", member
    wait_for_status(atrium, user_guid, member_guid, "CONNECTED", "COMPLETED")
    return member


def exact_json(resp) -> dict:
    """A 200 Atrium body with every non-integer number as a ``Decimal``."""
    assert resp.status_code == 200, f"{resp.request.method} {resp.url}: {resp.status_code} {resp.text[:300]}"
    return json.loads(resp.text, parse_float=Decimal)


def as_decimal(value) -> Decimal:
    assert isinstance(value, (int, Decimal)) and not isinstance(value, bool), f"not a JSON number: {value!r}"
    return Decimal(value)


def aba_routing_valid(routing) -> bool:
    """9 digits whose ABA 3-7-1 weighted sum is a multiple of 10."""
    if not (isinstance(routing, str) and re.fullmatch(r"\d{9}", routing)):
        return False
    return sum(w * int(d) for w, d in zip((3, 7, 1) * 3, routing)) % 10 == 0


def by_guid(models) -> dict:
    out = {m.guid: m.to_dict() for m in models}
    assert len(out) == len(models), f"duplicate guids in {[m.guid for m in models]}"
    return out


def nonempty(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def server_today(advance_clock) -> datetime.date:
    return datetime.date.fromisoformat(advance_clock(0)["now"][:10])


def connect_investor(atrium, user_guid: str):
    """A CONNECTED MX Bank member with an INVESTMENT account: ``(member, accounts)``."""
    for username in INVESTOR_USERNAMES:
        credentials = mxbank_credentials(atrium, "password", username=username)
        member = connect(atrium, user_guid, credentials=credentials)
        accounts = list_all(atrium.members.list_member_accounts, "accounts", member.guid, user_guid)
        if any(a.type == "INVESTMENT" for a in accounts):
            return member, accounts
        atrium.members.delete_member(member.guid, user_guid)
    raise AssertionError(f"no MX Bank household of {INVESTOR_USERNAMES} has an INVESTMENT account")


def member_transactions(atrium, user_guid, member_guid, since: datetime.date, until: datetime.date) -> list:
    return list_all(atrium.members.list_member_transactions, "transactions", member_guid, user_guid,
                    from_date=since.isoformat(), to_date=until.isoformat())


def fetched_statements(atrium, user_guid, member_guid) -> list:
    run_job(atrium, "fetch_statements", user_guid, member_guid)
    return list_all(atrium.statements.list_member_statements, "statements", member_guid, user_guid)


def download_pdf(atrium, member_guid, user_guid, statement_guid):
    """The SDK's PDF download; ``_preload_content=False`` because without it the SDK
    writes the decoded text to a binary file and fails on Python 3 (spec §1.7).
    Returns the urllib3 response, its body read into ``data``."""
    resp = atrium.statements.download_statement_pdf(member_guid, user_guid, statement_guid, _preload_content=False)
    assert isinstance(resp.data, bytes)  # reads and keeps the body
    return resp


# -- holdings ---------------------------------------------------------------------


def test_holdings_by_user_member_and_account_agree(atrium, raw, user_guid):
    member, accounts = connect_investor(atrium, user_guid)

    by_user = by_guid(list_all(atrium.holdings.list_holdings, "holdings", user_guid))
    by_member = by_guid(list_all(atrium.holdings.list_holdings_by_member, "holdings", member.guid, user_guid))
    by_account = {}
    for account in accounts:
        items = list_all(atrium.holdings.list_holdings_by_account, "holdings", account.guid, user_guid)
        if account.type == "INVESTMENT":
            assert items, f"INVESTMENT account {account.guid} has no holding"
        else:
            assert items == [], f"{account.type} account {account.guid} has holdings"
        assert all(h.account_guid == account.guid for h in items), account.guid
        by_account.update(by_guid(items))

    assert by_member and by_user == by_member == by_account
    for guid, listed in by_member.items():
        assert guid.startswith("HOL-"), listed
        assert (listed["user_guid"], listed["member_guid"]) == (user_guid, member.guid), listed
        assert isinstance(listed["shares"], float) and listed["shares"] > 0, listed
        assert nonempty(listed["description"]) and nonempty(listed["holding_type"]), listed
        read = atrium.holdings.read_holding(guid, user_guid).holding
        assert read is not None and read.to_dict() == listed, f"read {guid}"

    body = raw.json_ok("GET", f"/users/{user_guid}/holdings", params={"records_per_page": 10})
    assert set(body) == {"holdings", "pagination"} and set(body["pagination"]) == PAGINATION_KEYS
    assert body["pagination"]["total_entries"] == len(by_user)
    for item in body["holdings"]:
        assert HOLDING_KEYS <= set(item), f"missing {HOLDING_KEYS - set(item)} in {item}"
        assert "quantity" not in item and "investment_holding" not in body
    one = raw.json_ok("GET", f"/users/{user_guid}/holdings/{body['holdings'][0]['guid']}")
    assert list(one) == ["holding"], one


def test_holdings_add_up_to_the_account_holdings_value(atrium, raw, user_guid):
    _, accounts = connect_investor(atrium, user_guid)

    for account in (a for a in accounts if a.type == "INVESTMENT"):
        read = exact_json(raw.get(f"/users/{user_guid}/accounts/{account.guid}"))["account"]
        holdings, page = [], 1
        while True:
            body = exact_json(raw.get(f"/users/{user_guid}/accounts/{account.guid}/holdings",
                                      params={"page": page, "records_per_page": 10}))
            holdings.extend(body["holdings"])
            if page >= body["pagination"]["total_pages"]:
                break
            page += 1
        assert holdings, account.guid
        for h in holdings:
            shares = as_decimal(h["shares"])  # a JSON number, where MX sends a string
            assert shares > 0, h
            for field in ("market_value", "cost_basis", "purchase_price", "daily_change"):
                as_decimal(h[field])
        total = sum(as_decimal(h["market_value"]) for h in holdings)
        assert total == as_decimal(read["holdings_value"]), (
            f"account {account.guid}: holdings sum to {total}, holdings_value is {read['holdings_value']}")
        # The SDK's floats agree as well.
        sdk_total = sum(h.market_value for h in atrium.holdings.list_holdings_by_account(
            account.guid, user_guid, records_per_page=1000).holdings)
        assert sdk_total == pytest.approx(float(read["holdings_value"]))


# -- verification: account numbers -----------------------------------------------------


def test_verify_brings_valid_account_numbers(atrium, raw, user_guid):
    member = connect(atrium, user_guid)
    assert atrium.verification.list_account_numbers(member.guid, user_guid).account_numbers == []

    run_job(atrium, "verify", user_guid, member.guid)

    accounts = {a.guid: a for a in list_all(atrium.members.list_member_accounts, "accounts", member.guid, user_guid)}
    deposits = {guid for guid, a in accounts.items() if a.type in DEPOSIT_TYPES}
    assert deposits, [a.type for a in accounts.values()]
    numbers = atrium.verification.list_account_numbers(member.guid, user_guid).account_numbers
    assert sorted(n.account_guid for n in numbers) == sorted(deposits), "one entry per CHECKING/SAVINGS account"
    for n in numbers:
        masked = accounts[n.account_guid].account_number
        assert (n.member_guid, n.user_guid) == (member.guid, user_guid), n
        assert aba_routing_valid(n.routing_number), f"routing number {n.routing_number!r} fails the ABA checksum"
        assert nonempty(masked) and n.account_number.isdigit(), n
        assert len(n.account_number) > len(masked) and n.account_number.endswith(masked), (n, masked)
        per_account = atrium.verification.list_account_numbers_by_account(n.account_guid, user_guid).account_numbers
        assert [p.to_dict() for p in per_account] == [n.to_dict()], n.account_guid
    for guid in set(accounts) - deposits:
        assert atrium.verification.list_account_numbers_by_account(guid, user_guid).account_numbers == []

    body = raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/account_numbers")
    assert list(body) == ["account_numbers"], "an unpaged list, as the SDK models it"
    for item in body["account_numbers"]:
        assert NUMBER_KEYS <= set(item), f"missing {NUMBER_KEYS - set(item)} in {item}"
        assert item["guid"].startswith("ACN-"), item
    paged = raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/account_numbers",
                        params={"records_per_page": 10})
    assert paged["pagination"]["total_entries"] == len(numbers)


# -- identity: account owners ----------------------------------------------------------------


def test_identify_brings_account_owners(atrium, raw, user_guid):
    member = connect(atrium, user_guid)
    assert atrium.identity.list_account_owners(member.guid, user_guid).account_owners == []

    run_job(atrium, "identify", user_guid, member.guid)

    accounts = {a.guid for a in list_all(atrium.members.list_member_accounts, "accounts", member.guid, user_guid)}
    owners = atrium.identity.list_account_owners(member.guid, user_guid).account_owners
    assert owners, "identify found no account owner"
    for o in owners:
        assert o.guid.startswith("ACO-"), o
        assert o.account_guid in accounts, o
        assert (o.member_guid, o.user_guid) == (member.guid, user_guid), o
        for field in ("owner_name", "address", "city", "state", "postal_code", "country", "email"):
            assert nonempty(getattr(o, field)), f"{field}={getattr(o, field)!r} in {o}"
        assert "@" in o.email, o
    body = raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/account_owners")
    assert list(body) == ["account_owners"]
    for item in body["account_owners"]:
        assert OWNER_KEYS <= set(item), f"missing {OWNER_KEYS - set(item)} in {item}"
        assert nonempty(item.get("phone")), item


# -- extended history ---------------------------------------------------------------------


def test_extend_history_brings_older_transactions(atrium, user_guid, advance_clock):
    member = connect(atrium, user_guid)
    today = server_today(advance_clock)
    since, until = today - datetime.timedelta(days=800), today + datetime.timedelta(days=5)
    before = member_transactions(atrium, user_guid, member.guid, since, until)
    assert before, "a CONNECTED MX Bank member has transactions"

    run_job(atrium, "extend_history", user_guid, member.guid)

    after = member_transactions(atrium, user_guid, member.guid, since, until)
    by_guid(after)  # unique guids
    oldest_before = min(datetime.date.fromisoformat(t._date) for t in before)
    oldest = min(datetime.date.fromisoformat(t._date) for t in after)
    assert oldest < oldest_before, f"nothing older than {oldest_before}"
    assert oldest <= today - datetime.timedelta(days=640), f"history reaches back to {oldest} only, not ~24 months"
    assert len(after) >= 4 * len(before), f"{len(before)} transactions before, {len(after)} after"
    assert {t.guid for t in before} <= {t.guid for t in after}


# -- statements -------------------------------------------------------------------------------


def test_statements_are_listed_and_read_under_user_and_statement(atrium, raw, user_guid):
    member = connect(atrium, user_guid)
    assert atrium.statements.list_member_statements(member.guid, user_guid).statements == []

    statements = fetched_statements(atrium, user_guid, member.guid)

    assert len(statements) >= 12, f"only {len(statements)} statements"
    accounts = {a.guid for a in list_all(atrium.members.list_member_accounts, "accounts", member.guid, user_guid)}
    listed = by_guid(statements)
    for s in statements:
        assert s.guid.startswith("STA-"), s
        assert s.account_guid in accounts, s
        assert (s.member_guid, s.user_guid) == (member.guid, user_guid), s
        assert SHA256_HEX.match(s.content_hash or ""), f"content_hash {s.content_hash!r}"
        assert s.uri.endswith(f"/users/{user_guid}/members/{member.guid}/statements/{s.guid}.pdf"), s.uri
        assert nonempty(s.created_at) and nonempty(s.updated_at), s
        read = atrium.statements.read_member_statement(member.guid, user_guid, s.guid).user
        assert read is not None and read.to_dict() == listed[s.guid], f"read {s.guid}"

    first = statements[0]
    body = raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/statements/{first.guid}")
    assert set(body) == {"user", "statement"}, "the SDK reads `user`, MX `statement`: both are sent"
    assert body["user"] == body["statement"] and STATEMENT_KEYS <= set(body["user"]), body
    listing = raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/statements",
                          params={"records_per_page": 10})
    assert listing["pagination"] == {
        "current_page": 1, "per_page": 10, "total_entries": len(statements),
        "total_pages": -(-len(statements) // 10),
    }


def test_statement_pdf_downloads_as_raw_bytes(atrium, raw, user_guid):
    member = connect(atrium, user_guid)
    statements = fetched_statements(atrium, user_guid, member.guid)
    assert statements

    for s in statements[:4]:
        resp = download_pdf(atrium, member.guid, user_guid, s.guid)
        assert resp.status == 200
        assert resp.data[:5] == b"%PDF-", resp.data[:20]
        assert hashlib.sha256(resp.data).hexdigest() == s.content_hash, f"{s.guid}: sha256 differs"
        assert resp.headers["Content-Disposition"] == f'attachment; filename="{s.guid}.pdf"'
        assert resp.headers["Content-Type"].split(";")[0] == ATRIUM_PDF

    # The statement's `uri` is where the document is, for a plain client too.
    first = statements[0]
    plain = raw.get(urllib.parse.urlsplit(first.uri).path, headers={"Accept": "*/*"})
    assert plain.status_code == 200 and plain.content[:5] == b"%PDF-"
    assert plain.headers["Content-Type"].split(";")[0] == "application/pdf"
    assert hashlib.sha256(plain.content).hexdigest() == first.content_hash

    # A statement guid that is not this member's is a 404, as JSON.
    missing = raw.get(f"/users/{user_guid}/members/{member.guid}/statements/STA-nope.pdf",
                      headers={"Accept": ATRIUM_PDF})
    assert_atrium_error(missing, 404)


# -- job rules ----------------------------------------------------------------------------------


def catalogue_institution_without(atrium, flag: str):
    """A catalogue institution (not MX Bank, no OAuth, a login and a password only)
    whose ``flag`` is false."""
    for inst in list_all(atrium.institutions.list_institutions, "institutions"):
        if inst.code.startswith("mx") or inst.supports_oauth or getattr(inst, flag) is not False:
            continue
        fields = atrium.institutions.read_institution_credentials(inst.code).credentials
        if sorted(f.type for f in fields) == ["LOGIN", "PASSWORD"]:
            return inst.code
    return None


@pytest.mark.parametrize("job", sorted(JOBS))
def test_premium_job_without_the_institution_flag_is_400(atrium, user_guid, job):
    flag = JOBS[job][2]
    code = catalogue_institution_without(atrium, flag)
    if code is None:
        pytest.skip(f"every catalogue institution has {flag}")
    fields = atrium.institutions.read_institution_credentials(code).credentials
    credentials = [CredentialRequest(guid=f.guid, value="password" if f.type == "PASSWORD" else "someone")
                   for f in fields]
    member = create_member(atrium, user_guid, institution_code=code, credentials=credentials,
                           skip_aggregation=True, expect=200)

    message = assert_atrium_error(sdk_error(job_call(atrium, job), member.guid, user_guid), 400)
    assert message
    after = atrium.members.read_member(member.guid, user_guid).member
    assert after.is_being_aggregated is False and after.aggregated_at is None, after


def test_mxbank_supports_every_premium_job(atrium):
    bank = atrium.institutions.read_institution("mxbank").institution
    for _, _, flag in JOBS.values():
        assert getattr(bank, flag) is True, flag


def test_premium_jobs_follow_the_job_rules(atrium, user_guid, advance_clock):
    # A running aggregation (CHALLENGED) blocks another kind: 409.
    challenged = create_member(atrium, user_guid, "challenge")
    wait_for_status(atrium, user_guid, challenged.guid, "CHALLENGED", "CHALLENGED")
    for job in JOBS:
        assert_atrium_error(sdk_error(job_call(atrium, job), challenged.guid, user_guid), 409)

    # The same kind again while it runs (MX Bank's `challenge` login asks on every
    # job): 202 with the member, and no new job.
    member = create_member(atrium, user_guid, "challenge")
    [question] = wait_for_status(atrium, user_guid, member.guid, "CHALLENGED", "CHALLENGED").challenges
    resume(atrium, user_guid, member.guid, [(question.guid, "correct")])
    wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED", stale=[question.guid])
    first, status, _ = atrium.statements.fetch_statements_with_http_info(member.guid, user_guid)
    assert status == 202 and first.member.is_being_aggregated is True
    [question] = wait_for_status(atrium, user_guid, member.guid, "CHALLENGED", "CHALLENGED").challenges
    advance_clock(60)  # a new job would have a new aggregated_at
    again, status, _ = atrium.statements.fetch_statements_with_http_info(member.guid, user_guid)
    assert status == 202 and again.member.guid == member.guid
    assert (again.member.connection_status, again.member.is_being_aggregated) == ("CHALLENGED", True)
    assert again.member.aggregated_at == first.member.aggregated_at
    assert_atrium_error(sdk_error(atrium.verification.verify_member, member.guid, user_guid), 409)
    resume(atrium, user_guid, member.guid, [(question.guid, "correct")])
    wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED", stale=[question.guid])
    assert atrium.statements.list_member_statements(member.guid, user_guid).statements

    # A disabled user: 403.
    atrium.users.update_user(user_guid, body=UserUpdateRequestBody(user=User(is_disabled=True)))
    for job in JOBS:
        assert_atrium_error(sdk_error(job_call(atrium, job), member.guid, user_guid), 403)
    atrium.users.update_user(user_guid, body=UserUpdateRequestBody(user=User(is_disabled=False)))


# -- isolation ------------------------------------------------------------------------------------


def test_another_clients_guids_are_404(atrium, atrium_for, server, raw, user_guid):
    member, accounts = connect_investor(atrium, user_guid)
    account = next(a for a in accounts if a.type == "INVESTMENT")
    holding = atrium.holdings.list_holdings(user_guid).holdings[0]
    [statement, *_] = fetched_statements(atrium, user_guid, member.guid)
    other = atrium_for(server.new_client())

    calls = [
        (other.holdings.list_holdings, user_guid),
        (other.holdings.list_holdings_by_member, member.guid, user_guid),
        (other.holdings.list_holdings_by_account, account.guid, user_guid),
        (other.holdings.read_holding, holding.guid, user_guid),
        (other.identity.list_account_owners, member.guid, user_guid),
        (other.verification.list_account_numbers, member.guid, user_guid),
        (other.verification.list_account_numbers_by_account, account.guid, user_guid),
        (other.statements.list_member_statements, member.guid, user_guid),
        (other.statements.read_member_statement, member.guid, user_guid, statement.guid),
    ] + [(job_call(other, job), member.guid, user_guid) for job in JOBS]
    for call, *args in calls:
        assert_atrium_error(sdk_error(call, *args), 404)
    error = sdk_error(other.statements.download_statement_pdf, member.guid, user_guid, statement.guid,
                      _preload_content=False)
    assert_atrium_error(error, 404)

    # Within the client: another user of its own, or an unknown guid, is 404 too.
    stranger = create_user(atrium).guid
    assert_atrium_error(sdk_error(atrium.holdings.read_holding, holding.guid, stranger), 404)
    assert_atrium_error(sdk_error(atrium.holdings.list_holdings_by_member, member.guid, stranger), 404)
    assert_atrium_error(sdk_error(atrium.statements.read_member_statement, member.guid, stranger, statement.guid), 404)
    assert_atrium_error(sdk_error(atrium.holdings.read_holding, "HOL-nope", user_guid), 404)
    assert_atrium_error(sdk_error(atrium.verification.list_account_numbers_by_account, "ACT-nope", user_guid), 404)


# -- the guide's test endpoints -----------------------------------------------------------------


def test_premium_fixtures(atrium):
    u, m = "test_atrium", "test_atrium_member"
    for job in ("identify", "verify", "extend_history"):
        data, status, _ = job_call(atrium, job)(m, u)
        assert status == 200, job
        assert (data.member.guid, data.member.connection_status, data.member.status) == (m, "CONNECTED", "INITIATED")
        assert data.member.is_being_aggregated is False
    [owner] = atrium.identity.list_account_owners(m, u).account_owners
    assert (owner.owner_name, owner.email, owner.member_guid) == ("Donnie Darko", "donnie@darko.co", m)
    [number] = atrium.verification.list_account_numbers(m, u).account_numbers
    assert (number.account_number, number.routing_number) == ("10001", "68899990000000")

    listed = atrium.holdings.list_holdings(u)
    assert [h.symbol for h in listed.holdings] == ["DEF", "VMMXX"] and listed.pagination.total_entries == 2
    assert [h.shares for h in listed.holdings] == [6.0, 29.0]
    assert by_guid(atrium.holdings.list_holdings_by_member(m, u).holdings) == by_guid(listed.holdings)
    assert by_guid(atrium.holdings.list_holdings_by_account("test_atrium_account", u).holdings) == by_guid(
        listed.holdings)
    holding = atrium.holdings.read_holding("test_atrium_holding", u).holding
    assert (holding.guid, holding.market_value, holding.cusip) == (
        "HOL-d65683e8-9eab-26bb-bcfd-ced159c9abe2", 899.5, "18383M878")
    assert_atrium_error(sdk_error(atrium.holdings.read_holding, "test_nope", u), 404)


# -- one model, two dialects ---------------------------------------------------------------------


def test_premium_data_fetched_through_mx_appears_through_atrium(atrium, mx, user_guid):
    member = connect(atrium, user_guid)
    members_api = MembersApi(mx)

    resp = members_api.verify_member_with_http_info(member.guid, user_guid)
    assert resp.status_code == 200, resp.raw_data
    wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED")
    resp = StatementsApi(mx).fetch_statements_with_http_info(member.guid, user_guid)
    assert resp.status_code == 202, resp.raw_data
    wait_for_status(atrium, user_guid, member.guid, "CONNECTED", "COMPLETED")

    mx_numbers = AccountsApi(mx).list_account_numbers_by_member(member.guid, user_guid, records_per_page=100)
    atrium_numbers = atrium.verification.list_account_numbers(member.guid, user_guid).account_numbers
    assert mx_numbers.account_numbers
    assert sorted((n.account_guid, n.account_number, n.routing_number) for n in mx_numbers.account_numbers) == sorted(
        (n.account_guid, n.account_number, n.routing_number) for n in atrium_numbers)

    mx_statements = []
    page = 1
    while True:
        body = StatementsApi(mx).list_statements_by_member(member.guid, user_guid, page=page, records_per_page=100)
        mx_statements.extend(body.statements)
        if page >= body.pagination.total_pages:
            break
        page += 1
    atrium_statements = list_all(atrium.statements.list_member_statements, "statements", member.guid, user_guid)
    assert len(mx_statements) >= 12
    assert sorted((s.guid, s.account_guid, s.content_hash, s.uri) for s in mx_statements) == sorted(
        (s.guid, s.account_guid, s.content_hash, s.uri) for s in atrium_statements)
    first = mx_statements[0]
    mx_pdf = StatementsApi(mx).download_statement_pdf(member.guid, first.guid, user_guid)
    atrium_pdf = download_pdf(atrium, member.guid, user_guid, first.guid).data
    assert bytes(mx_pdf) == atrium_pdf

    # And the reverse: owners identified through Atrium are MX's owners.
    run_job(atrium, "identify", user_guid, member.guid)
    mx_owners = AccountsApi(mx).list_account_owners_by_member(member.guid, user_guid, records_per_page=100)
    atrium_owners = atrium.identity.list_account_owners(member.guid, user_guid).account_owners
    assert atrium_owners
    assert sorted((o.guid, o.owner_name, o.email) for o in mx_owners.account_owners) == sorted(
        (o.guid, o.owner_name, o.email) for o in atrium_owners)


def test_holdings_are_mx_investment_holdings(atrium, mx, user_guid):
    member, _ = connect_investor(atrium, user_guid)
    mx_holdings = InvestmentHoldingsApi(mx).list_holdings_by_member(member.guid, user_guid, records_per_page=1000)
    atrium_holdings = {h.guid: h for h in atrium.holdings.list_holdings_by_member(
        member.guid, user_guid, records_per_page=1000).holdings}
    assert mx_holdings.investment_holdings and len(atrium_holdings) == len(mx_holdings.investment_holdings)
    for h in mx_holdings.investment_holdings:
        mine = atrium_holdings[h.guid]
        # `quantity` (a string in MX) is `shares` (a number in Atrium).
        assert isinstance(h.quantity, str) and Decimal(h.quantity) == Decimal(str(mine.shares)), (h.quantity, mine)
        assert (mine.symbol, mine.account_guid, mine.market_value) == (h.symbol, h.account_guid, h.market_value)


def test_member_keys_on_premium_jobs(raw, atrium, user_guid):
    member = connect(atrium, user_guid)
    body = raw.json_ok("POST", f"/users/{user_guid}/members/{member.guid}/identify", status=202)
    assert list(body) == ["member"] and set(body["member"]) == MEMBER_KEYS, body
    wait_for_member(atrium, user_guid, member.guid)
