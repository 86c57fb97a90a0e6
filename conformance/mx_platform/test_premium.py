"""PREMIUM data through the official SDK: account verification (account and
routing numbers), identity (account owners), extended transaction history,
statements (list, read, PDF) and investment holdings, plus the job rules
that premium jobs share with standard aggregation and the 4xx answers of the
premium routes."""

import datetime
import hashlib

import pytest
from mx_platform_python import (
    AccountsApi,
    InstitutionsApi,
    InvestmentHoldingsApi,
    MembersApi,
    StatementsApi,
    UsersApi,
)
from mx_platform_python.exceptions import ApiException

from .helpers import assert_mx_error, assert_pagination, create_user, list_all, media_type
from .members_helpers import (
    connect_mxbank,
    parse_date,
    read_member,
    read_status,
    server_today,
    start_job,
    wait_for_status,
)
from .premium_helpers import (
    JOBS,
    OWNER_EMAIL_DOMAINS,
    PDF,
    PHONE,
    SHA256_HEX,
    aba_routing_valid,
    answer_mfa,
    as_decimal,
    connect_at,
    connect_challenge_member,
    connect_investor,
    cusip_valid,
    decimal_json,
    fake_guid,
    find_institution_without,
    job_call,
    member_accounts,
    parse_statement,
    pdf_text,
    raw_list_exact,
    run_premium,
    skipped_mxbank,
    start_premium,
    supported_jobs,
)

DEPOSIT_TYPES = {"CHECKING", "SAVINGS"}
DEFAULT_WINDOW_DAYS = 90
ACCOUNT_NUMBER_KEYS = {
    "guid", "account_guid", "member_guid", "user_guid", "account_number", "routing_number",
    "institution_number", "transit_number", "passed_validation",
}
OWNER_KEYS = {
    "guid", "account_guid", "member_guid", "user_guid", "owner_name", "email", "phone",
    "address", "city", "state", "postal_code", "country",
}
STATEMENT_KEYS = {"guid", "account_guid", "member_guid", "user_guid", "content_hash", "uri", "created_at", "updated_at"}


@pytest.fixture
def statements_api(mx) -> StatementsApi:
    return StatementsApi(mx)


@pytest.fixture
def holdings_api(mx) -> InvestmentHoldingsApi:
    return InvestmentHoldingsApi(mx)


@pytest.fixture
def member(members_api, institutions_api, user_guid):
    """A CONNECTED MX Bank member of the test's own user."""
    return connect_mxbank(members_api, institutions_api, user_guid)


@pytest.fixture
def investor(members_api, institutions_api, accounts_api, user_guid):
    """``(member, accounts)``: a CONNECTED MX Bank member with an INVESTMENT account."""
    return connect_investor(members_api, institutions_api, accounts_api, user_guid)


def assert_api_error(call, status: int) -> str:
    with pytest.raises(ApiException) as exc:
        call()
    return assert_mx_error(exc.value, status)


def by_guid(models) -> dict:
    """``{guid: model.to_dict()}``; asserts the guids are unique."""
    out = {m.guid: m.to_dict() for m in models}
    assert len(out) == len(models), f"duplicate guids in {[m.guid for m in models]}"
    return out


def nonempty_str(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


# -- verification: account numbers ----------------------------------------------------------


def account_numbers(accounts_api, user_guid, member_guid) -> list:
    return list_all(accounts_api.list_account_numbers_by_member, "account_numbers",
                    member_guid=member_guid, user_guid=user_guid)


def test_verify_lists_validated_account_numbers(mx, members_api, accounts_api, raw, user_guid, member):
    assert account_numbers(accounts_api, user_guid, member.guid) == []
    assert read_status(members_api, user_guid, member.guid).has_processed_account_numbers is not True

    run_premium(mx, "verify", user_guid, member.guid)

    assert read_status(members_api, user_guid, member.guid).has_processed_account_numbers is True
    accounts = {a.guid: a for a in member_accounts(accounts_api, user_guid, member.guid)}
    deposits = {guid for guid, a in accounts.items() if a.type in DEPOSIT_TYPES}
    assert deposits, f"the MX Bank household has no CHECKING/SAVINGS account: {[a.type for a in accounts.values()]}"
    numbers = account_numbers(accounts_api, user_guid, member.guid)
    assert sorted(n.account_guid for n in numbers) == sorted(deposits), "one entry per CHECKING/SAVINGS account"
    for n in numbers:
        masked = accounts[n.account_guid].account_number
        assert n.guid.startswith("ACN-"), n
        assert (n.member_guid, n.user_guid, n.passed_validation) == (member.guid, user_guid, True), n
        assert aba_routing_valid(n.routing_number), f"routing number {n.routing_number!r} fails the ABA checksum"
        assert nonempty_str(masked), accounts[n.account_guid]
        assert n.account_number.isdigit() and len(n.account_number) > len(masked), n
        assert n.account_number.endswith(masked), f"{n.account_number!r} does not end with the masked {masked!r}"
    for item in raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/account_numbers")["account_numbers"]:
        assert ACCOUNT_NUMBER_KEYS <= set(item), f"missing {ACCOUNT_NUMBER_KEYS - set(item)} in {item}"

    # The per-account list holds exactly the member list's entries of that account.
    expected = by_guid(numbers)
    for guid in accounts:
        per_account = list_all(accounts_api.list_account_numbers_by_account, "account_numbers",
                               account_guid=guid, user_guid=user_guid)
        assert by_guid(per_account) == {k: v for k, v in expected.items() if v["account_guid"] == guid}, guid


def test_account_numbers_are_stable_across_a_second_verify(mx, accounts_api, user_guid, member):
    run_premium(mx, "verify", user_guid, member.guid)
    first = by_guid(account_numbers(accounts_api, user_guid, member.guid))
    assert first

    run_premium(mx, "verify", user_guid, member.guid)

    assert by_guid(account_numbers(accounts_api, user_guid, member.guid)) == first


def test_verify_while_verification_runs_is_202(mx, members_api, institutions_api, accounts_api, user_guid,
                                                advance_clock):
    member = connect_challenge_member(members_api, institutions_api, user_guid)
    started = start_premium(mx, "verify", user_guid, member.guid)
    assert started["is_being_aggregated"] is True, started
    waiting = wait_for_status(members_api, user_guid, member.guid, "CHALLENGED")
    assert waiting.is_being_aggregated is True, waiting.to_dict()
    advance_clock(60)  # a new job would get a new aggregated_at

    again = start_premium(mx, "verify", user_guid, member.guid, status=202)

    assert (again["connection_status"], again["is_being_aggregated"]) == ("CHALLENGED", True), again
    assert again["aggregated_at"] == started["aggregated_at"], "no new job"
    answer_mfa(members_api, user_guid, member.guid, waiting)
    assert account_numbers(accounts_api, user_guid, member.guid), "the verification finished after the MFA answer"


# -- identity: account owners ----------------------------------------------------------------


def account_owners(accounts_api, user_guid, member_guid) -> list:
    return list_all(accounts_api.list_account_owners_by_member, "account_owners",
                    member_guid=member_guid, user_guid=user_guid)


def test_identify_lists_account_owners(mx, accounts_api, raw, user_guid, member):
    assert account_owners(accounts_api, user_guid, member.guid) == []

    run_premium(mx, "identify", user_guid, member.guid)

    accounts = {a.guid for a in member_accounts(accounts_api, user_guid, member.guid)}
    owners = account_owners(accounts_api, user_guid, member.guid)
    assert owners, "identify found no account owner"
    for o in owners:
        assert o.guid.startswith("ACO-"), o
        assert o.account_guid in accounts, o
        assert (o.member_guid, o.user_guid) == (member.guid, user_guid), o
        for field in ("owner_name", "address", "city", "state", "postal_code", "country"):
            assert nonempty_str(getattr(o, field)), f"{field}={getattr(o, field)!r} in {o}"
        local, _, domain = (o.email or "").partition("@")
        assert local and domain in OWNER_EMAIL_DOMAINS, f"email {o.email!r} is not at {OWNER_EMAIL_DOMAINS}"
        assert o.phone and PHONE.match(o.phone), f"phone {o.phone!r} is not NNN-555-01NN"
    for item in raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/account_owners")["account_owners"]:
        assert OWNER_KEYS <= set(item), f"missing {OWNER_KEYS - set(item)} in {item}"


def test_account_owners_are_stable_across_a_second_identify(mx, accounts_api, user_guid, member):
    run_premium(mx, "identify", user_guid, member.guid)
    first = by_guid(account_owners(accounts_api, user_guid, member.guid))
    assert first

    run_premium(mx, "identify", user_guid, member.guid)

    assert by_guid(account_owners(accounts_api, user_guid, member.guid)) == first


# -- extended transaction history ----------------------------------------------------------------


def two_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 2, day=28)


def member_transactions(transactions_api, user_guid, member_guid, from_date: datetime.date) -> list:
    return list_all(transactions_api.list_transactions_by_member, "transactions",
                    member_guid=member_guid, user_guid=user_guid, from_date=from_date.isoformat())


def test_extend_history_reaches_back_two_years(mx, transactions_api, user_guid, member, advance_clock):
    today = server_today(advance_clock)
    since = two_years_before(today)
    before = member_transactions(transactions_api, user_guid, member.guid, since)
    assert before, "a CONNECTED MX Bank member has transactions"

    run_premium(mx, "extend_history", user_guid, member.guid)

    after = member_transactions(transactions_api, user_guid, member.guid, since)
    by_guid(after)  # unique guids
    oldest = min(parse_date(t.var_date) for t in after)
    assert oldest < today - datetime.timedelta(days=DEFAULT_WINDOW_DAYS), f"oldest transaction {oldest}"
    assert oldest <= today - datetime.timedelta(days=640), f"history reaches back to {oldest} only, not ~24 months"
    assert len(after) >= 4 * len(before), f"{len(before)} transactions before, {len(after)} after"
    # Nothing already imported was imported again: past the first day of the
    # old window, the transactions are exactly the ones seen before.
    old_start = min(parse_date(t.var_date) for t in before)
    overlap = sorted(t.guid for t in after if parse_date(t.var_date) > old_start)
    assert overlap == sorted(t.guid for t in before if parse_date(t.var_date) > old_start)
    assert {t.guid for t in before} <= {t.guid for t in after}


def test_extend_history_twice_duplicates_nothing(mx, transactions_api, user_guid, member, advance_clock):
    since = two_years_before(server_today(advance_clock))
    run_premium(mx, "extend_history", user_guid, member.guid)
    first = by_guid(member_transactions(transactions_api, user_guid, member.guid, since))

    run_premium(mx, "extend_history", user_guid, member.guid)

    second = by_guid(member_transactions(transactions_api, user_guid, member.guid, since))
    assert sorted(second) == sorted(first), f"{len(first)} transactions, then {len(second)}"


# -- statements ----------------------------------------------------------------------------------


def fetched_statements(mx, statements_api, user_guid, member_guid) -> list:
    run_premium(mx, "fetch_statements", user_guid, member_guid)
    return list_all(statements_api.list_statements_by_member, "statements",
                    member_guid=member_guid, user_guid=user_guid)


def test_fetch_statements_lists_statements(mx, statements_api, accounts_api, raw, user_guid, member):
    statements = fetched_statements(mx, statements_api, user_guid, member.guid)

    assert len(statements) >= 12, f"only {len(statements)} statements"
    accounts = {a.guid for a in member_accounts(accounts_api, user_guid, member.guid)}
    listed = by_guid(statements)
    for s in statements:
        assert s.guid.startswith("STA-"), s
        assert s.account_guid in accounts, s
        assert (s.member_guid, s.user_guid) == (member.guid, user_guid), s
        assert SHA256_HEX.match(s.content_hash or ""), f"content_hash {s.content_hash!r}"
        assert all(nonempty_str(v) for v in (s.uri, s.created_at, s.updated_at)), s
        read = statements_api.read_statement_by_member(member.guid, s.guid, user_guid).statement
        assert read is not None and read.to_dict() == listed[s.guid], f"read {s.guid}"
    body = raw.json_ok("GET", f"/users/{user_guid}/members/{member.guid}/statements")
    assert_pagination(body["pagination"], current_page=1, total_entries=len(statements))
    for item in body["statements"]:
        assert STATEMENT_KEYS <= set(item), f"missing {STATEMENT_KEYS - set(item)} in {item}"


def test_statement_pdf_matches_its_content_hash(mx, statements_api, raw, user_guid, member):
    statements = fetched_statements(mx, statements_api, user_guid, member.guid)
    assert statements

    for s in statements:
        pdf = statements_api.download_statement_pdf(member.guid, s.guid, user_guid)
        assert isinstance(pdf, (bytes, bytearray)) and bytes(pdf[:5]) == b"%PDF-", f"{s.guid}: {bytes(pdf[:20])!r}"
        assert hashlib.sha256(pdf).hexdigest() == s.content_hash, f"{s.guid}: sha256 differs from content_hash"

    first = statements[0]
    resp = raw.get(f"/users/{user_guid}/members/{member.guid}/statements/{first.guid}.pdf", headers={"Accept": PDF})
    assert resp.status_code == 200, resp.text[:300]
    assert media_type(resp.headers.get("Content-Type")) == PDF, resp.headers.get("Content-Type")
    assert hashlib.sha256(resp.content).hexdigest() == first.content_hash


def test_statement_pdfs_reconcile(mx, statements_api, accounts_api, user_guid, member):
    statements = fetched_statements(mx, statements_api, user_guid, member.guid)
    types = {a.guid: a.type for a in member_accounts(accounts_api, user_guid, member.guid)}
    deposit_statements = [s for s in statements if types[s.account_guid] in DEPOSIT_TYPES]
    assert deposit_statements, "no statement of a CHECKING/SAVINGS account"
    lines_seen, moving = 0, 0

    for s in deposit_statements:
        text = pdf_text(statements_api.download_statement_pdf(member.guid, s.guid, user_guid))
        st = parse_statement(text)
        where = f"statement {s.guid}:\n{text}"
        amounts = [amount for amount, _ in st.lines]
        assert st.opening + sum(amounts) == st.closing, (
            f"opening {st.opening} + lines {sum(amounts)} != closing {st.closing}; {where}")
        running = st.opening
        for amount, balance in st.lines:
            running += amount
            if balance is not None:
                assert balance == running, f"running balance {balance} after {amount}, expected {running}; {where}"
        credits = [a for a in amounts if a > 0]
        debits = [a for a in amounts if a < 0]
        if "credits" in st.summary:
            assert st.summary["credits"] == (len(credits), sum(credits)), f"credits summary; {where}"
        if "debits" in st.summary:
            count, total = st.summary["debits"]
            assert (count, abs(total)) == (len(debits), abs(sum(debits))), f"debits summary; {where}"
        lines_seen += len(st.lines)
        moving += st.opening != st.closing

    assert lines_seen > 0, "no statement lists a transaction"
    assert moving > 0, "every statement has equal opening and closing balances"


# -- investment holdings -------------------------------------------------------------------------


def test_holdings_lists_agree(holdings_api, user_guid, investor):
    member, accounts = investor

    by_user = by_guid(list_all(holdings_api.list_holdings, "investment_holdings", user_guid=user_guid))
    by_member = by_guid(list_all(holdings_api.list_holdings_by_member, "investment_holdings",
                                 member_guid=member.guid, user_guid=user_guid))
    by_account = {}
    for account in accounts:
        items = list_all(holdings_api.list_holdings_by_account, "investment_holdings",
                         account_guid=account.guid, user_guid=user_guid)
        if account.type == "INVESTMENT":
            assert items, f"INVESTMENT account {account.guid} has no holding"
        else:
            assert items == [], f"{account.type} account {account.guid} has holdings"
        assert all(h.account_guid == account.guid for h in items), account.guid
        by_account.update(by_guid(items))

    assert by_member and by_user == by_member == by_account
    for guid, listed in by_member.items():
        assert guid.startswith("HOL-"), listed
        assert listed["user_guid"] == user_guid, listed
        assert isinstance(listed["quantity"], str) and listed["quantity"], listed
        read = holdings_api.read_holding(guid, user_guid).investment_holding
        assert read is not None and read.to_dict() == listed, f"read {guid}"


def test_holdings_add_up_to_the_account_holdings_value(raw, user_guid, investor):
    _, accounts = investor

    for account in (a for a in accounts if a.type == "INVESTMENT"):
        body = decimal_json(raw.get(f"/users/{user_guid}/accounts/{account.guid}"))["account"]
        holdings = raw_list_exact(raw, f"/users/{user_guid}/accounts/{account.guid}/investment_holdings",
                                  "investment_holdings")
        assert holdings, account.guid
        for h in holdings:
            assert isinstance(h["quantity"], str), f"quantity must be a JSON string: {h['quantity']!r}"
            as_decimal(h["market_value"])
        total = sum(as_decimal(h["market_value"]) for h in holdings)
        assert total == as_decimal(body["holdings_value"]), (
            f"account {account.guid}: holdings sum to {total}, holdings_value is {body['holdings_value']}")


def test_holdings_have_symbols_and_valid_cusips(raw, user_guid, investor):
    member, _ = investor

    holdings = raw_list_exact(raw, f"/users/{user_guid}/members/{member.guid}/investment_holdings",
                              "investment_holdings")

    cusips = [h["cusip"] for h in holdings if h.get("cusip") is not None]
    assert cusips, f"no holding has a cusip: {holdings}"
    for cusip in cusips:
        assert len(cusip) == 9 and cusip_valid(cusip), f"cusip {cusip!r} has a wrong check digit"
    for h in holdings:
        if h.get("holding_type") != "CASH":
            assert nonempty_str(h.get("symbol")), f"security without a symbol: {h}"


def test_holding_percentage_change_has_the_sign_of_its_daily_change(raw, user_guid, investor):
    member, _ = investor

    holdings = raw_list_exact(raw, f"/users/{user_guid}/members/{member.guid}/investment_holdings",
                              "investment_holdings")

    wrong = [
        (h["symbol"], h["daily_change"], h["percentage_change"]) for h in holdings
        if h.get("daily_change") is not None and h.get("percentage_change") is not None
        and (as_decimal(h["daily_change"]) > 0) != (as_decimal(h["percentage_change"]) > 0)
        and as_decimal(h["daily_change"]) != 0
    ]
    assert not wrong, f"(symbol, daily_change, percentage_change) with opposite signs: {wrong}"


def test_deactivate_holdings_is_a_flat_message(holdings_api, raw, user_guid, investor):
    done = holdings_api.deactivate_user(user_guid)

    assert nonempty_str(done.message) and nonempty_str(done.status), done

    body = raw.json_ok("GET", f"/users/{user_guid}/investment_holdings_deactivate")
    assert set(body) == {"message", "status"}, f"not a flat {{message, status}}: {body}"
    assert nonempty_str(body["message"]) and nonempty_str(body["status"]), body


def test_user_without_members_has_no_holdings(holdings_api, user_guid):
    body = holdings_api.list_holdings(user_guid)

    assert body.investment_holdings == []
    assert_pagination(body.pagination, current_page=1, total_entries=0)


# -- job rules -------------------------------------------------------------------------------------


def test_premium_job_waiting_for_mfa_blocks_other_kinds(
        mx, members_api, accounts_api, institutions_api, user_guid, advance_clock):
    member = connect_challenge_member(members_api, institutions_api, user_guid)
    advance_clock(60)
    started = start_premium(mx, "identify", user_guid, member.guid)
    assert started["is_being_aggregated"] is True, started
    waiting = wait_for_status(members_api, user_guid, member.guid, "CHALLENGED")
    assert waiting.is_being_aggregated is True and waiting.challenges, waiting.to_dict()

    for other in ("verify", "extend_history", "fetch_statements"):
        assert_api_error(lambda: job_call(mx, other)(member.guid, user_guid), 409)
    assert_api_error(lambda: members_api.aggregate_member(member.guid, user_guid), 409)
    assert_api_error(lambda: members_api.check_balances(member.guid, user_guid), 409)
    advance_clock(60)
    again = start_premium(mx, "identify", user_guid, member.guid)

    assert (again["connection_status"], again["is_being_aggregated"]) == ("CHALLENGED", True), again
    assert again["aggregated_at"] == started["aggregated_at"], "the same job keeps running"
    still = read_status(members_api, user_guid, member.guid)
    assert (still.connection_status, still.is_being_aggregated) == ("CHALLENGED", True), still.to_dict()
    assert [c.guid for c in still.challenges] == [c.guid for c in waiting.challenges]
    answer_mfa(members_api, user_guid, member.guid, waiting)
    assert account_owners(accounts_api, user_guid, member.guid), "identify finished after the MFA answer"


def test_premium_job_throttles_standard_aggregation(
        mx, members_api, institutions_api, user_guid, plain_institution, advance_clock):
    jobs = supported_jobs(institutions_api, plain_institution)
    assert jobs, f"{plain_institution} supports no premium job"
    member = connect_at(members_api, institutions_api, user_guid, plain_institution)
    advance_clock(10_801)  # the connection no longer throttles aggregation

    started = run_premium(mx, jobs[0], user_guid, member.guid)
    assert started["aggregated_at"] != member.aggregated_at, "aggregated_at is the start of the latest job"
    after_job = read_member(members_api, user_guid, member.guid)
    advance_clock(60)
    throttled = start_job(members_api.aggregate_member_with_http_info, member.guid, user_guid)

    assert throttled.is_being_aggregated is False, "standard aggregation within 3 h of a premium job is throttled"
    assert throttled.aggregated_at == after_job.aggregated_at
    assert read_status(members_api, user_guid, member.guid).is_being_aggregated is False


def test_premium_jobs_are_never_throttled(mx, members_api, institutions_api, user_guid, plain_institution,
                                          advance_clock):
    jobs = supported_jobs(institutions_api, plain_institution)
    assert jobs, f"{plain_institution} supports no premium job"
    member = connect_at(members_api, institutions_api, user_guid, plain_institution)
    previous = member.aggregated_at

    for job in jobs[:2] * 2:  # within minutes of the connection and of each other
        advance_clock(60)
        started = run_premium(mx, job, user_guid, member.guid)
        assert started["aggregated_at"] != previous, f"{job} did not start a new job"
        previous = started["aggregated_at"]


def test_mxbank_aggregation_after_a_premium_job_is_not_throttled(mx, members_api, user_guid, member, advance_clock):
    run_premium(mx, "identify", user_guid, member.guid)
    after_job = read_member(members_api, user_guid, member.guid)
    advance_clock(60)

    started = start_job(members_api.aggregate_member_with_http_info, member.guid, user_guid)

    assert started.is_being_aggregated is True
    assert started.aggregated_at != after_job.aggregated_at
    wait_for_status(members_api, user_guid, member.guid, "CONNECTED")


@pytest.mark.parametrize("job", sorted(JOBS))
def test_premium_job_the_institution_does_not_support_is_400(
        mx, members_api, institutions_api, user_guid, advance_clock, job):
    code = find_institution_without(institutions_api, JOBS[job].flag)
    member = connect_at(members_api, institutions_api, user_guid, code)
    advance_clock(60)  # a started job would get a new aggregated_at

    assert_api_error(lambda: job_call(mx, job)(member.guid, user_guid), 400)

    status = read_status(members_api, user_guid, member.guid)
    assert (status.connection_status, status.is_being_aggregated) == ("CONNECTED", False), status.to_dict()
    assert status.aggregated_at == member.aggregated_at


# -- bad input ---------------------------------------------------------------------------------------


def job_route(job: str):
    return lambda mx, user_guid, member_guid: job_call(mx, job)(member_guid, user_guid)


# Every premium route under a member: ``call(mx, user_guid, member_guid)``.
MEMBER_ROUTES = {
    **{job: job_route(job) for job in JOBS},
    "account_numbers": lambda mx, u, m: AccountsApi(mx).list_account_numbers_by_member(m, u),
    "account_owners": lambda mx, u, m: AccountsApi(mx).list_account_owners_by_member(m, u),
    "statements": lambda mx, u, m: StatementsApi(mx).list_statements_by_member(m, u),
    "statement": lambda mx, u, m: StatementsApi(mx).read_statement_by_member(m, fake_guid("STA"), u),
    "statement_pdf": lambda mx, u, m: StatementsApi(mx).download_statement_pdf(m, fake_guid("STA"), u),
    "holdings": lambda mx, u, m: InvestmentHoldingsApi(mx).list_holdings_by_member(m, u),
}


@pytest.mark.parametrize("route", sorted(MEMBER_ROUTES))
def test_unknown_member_is_404(mx, user_guid, route):
    assert_api_error(lambda: MEMBER_ROUTES[route](mx, user_guid, fake_guid("MBR")), 404)


@pytest.mark.parametrize("route", sorted(MEMBER_ROUTES))
def test_member_of_another_user_is_404(mx, members_api, institutions_api, users_api, user_guid, route):
    other_user = create_user(users_api).guid
    other = skipped_mxbank(members_api, institutions_api, other_user)

    assert_api_error(lambda: MEMBER_ROUTES[route](mx, user_guid, other.guid), 404)


def assert_statement_404(statements_api, user_guid, member_guid, statement_guid):
    assert_api_error(lambda: statements_api.read_statement_by_member(member_guid, statement_guid, user_guid), 404)
    assert_api_error(lambda: statements_api.download_statement_pdf(member_guid, statement_guid, user_guid), 404)


def test_statement_of_another_user_is_404(mx, members_api, institutions_api, users_api, statements_api,
                                          user_guid, member):
    statement = fetched_statements(mx, statements_api, user_guid, member.guid)[0]
    other_user = create_user(users_api).guid
    other = skipped_mxbank(members_api, institutions_api, other_user)

    assert_statement_404(statements_api, other_user, other.guid, statement.guid)
    assert_statement_404(statements_api, other_user, member.guid, statement.guid)


def test_statement_under_another_member_of_the_same_user_is_404(
        mx, members_api, institutions_api, statements_api, user_guid, member):
    statement = fetched_statements(mx, statements_api, user_guid, member.guid)[0]
    other = skipped_mxbank(members_api, institutions_api, user_guid)

    assert_statement_404(statements_api, user_guid, other.guid, statement.guid)
    # ... while it is readable under its own member
    assert statements_api.read_statement_by_member(member.guid, statement.guid, user_guid).statement.guid == (
        statement.guid)


def test_unknown_holding_is_404(holdings_api, users_api, user_guid, investor):
    mine = list_all(holdings_api.list_holdings, "investment_holdings", user_guid=user_guid)
    assert mine
    other_user = create_user(users_api).guid

    assert_api_error(lambda: holdings_api.read_holding(fake_guid("HOL"), user_guid), 404)
    assert_api_error(lambda: holdings_api.read_holding(mine[0].guid, other_user), 404)


def test_unknown_account_is_404_on_account_routes(accounts_api, holdings_api, user_guid):
    account = fake_guid("ACT")

    assert_api_error(lambda: accounts_api.list_account_numbers_by_account(account, user_guid), 404)
    assert_api_error(lambda: holdings_api.list_holdings_by_account(account, user_guid), 404)


def test_account_numbers_of_another_clients_account_is_404(
        server, mx_for, accounts_api, members_api, institutions_api, users_api, user_guid):
    theirs = mx_for(server.new_client())
    their_user = create_user(UsersApi(theirs)).guid
    their_member = connect_mxbank(MembersApi(theirs), InstitutionsApi(theirs), their_user)
    run_premium(theirs, "verify", their_user, their_member.guid)
    their_numbers = account_numbers(AccountsApi(theirs), their_user, their_member.guid)
    assert their_numbers, "the other client's verification found account numbers"
    account = their_numbers[0].account_guid

    assert_api_error(lambda: accounts_api.list_account_numbers_by_account(account, their_user), 404)
    assert_api_error(lambda: accounts_api.list_account_numbers_by_account(account, user_guid), 404)
    assert_api_error(lambda: accounts_api.list_account_numbers_by_member(their_member.guid, their_user), 404)
