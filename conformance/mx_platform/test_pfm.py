"""Enrichment and personal-finance data through the official SDK: enhance a batch,
default and custom categories, tags and taggings, transaction rules (existing and
next-aggregation transactions), hand edits surviving re-aggregation, merchants."""

import collections

import pytest
from mx_platform_python import (
    CategoriesApi,
    MerchantsApi,
    TaggingsApi,
    TagsApi,
    TransactionRulesApi,
)
from mx_platform_python.exceptions import ApiException, NotFoundException
from mx_platform_python.models import (
    CategoryCreateRequest,
    CategoryCreateRequestBody,
    CategoryUpdateRequest,
    CategoryUpdateRequestBody,
    EnhanceTransactionsRequest,
    EnhanceTransactionsRequestBody,
    TagCreateRequest,
    TagCreateRequestBody,
    TaggingCreateRequest,
    TaggingCreateRequestBody,
    TaggingUpdateRequest,
    TaggingUpdateRequestBody,
    TransactionRuleCreateRequest,
    TransactionRuleCreateRequestBody,
    TransactionUpdateRequest,
    TransactionUpdateRequestBody,
)

from .helpers import V1, assert_mx_error, list_all
from .members_helpers import DAY_S, connect_mxbank, raw_list_all, server_today, start_job, wait_for_status


@pytest.fixture
def categories_api(mx) -> CategoriesApi:
    return CategoriesApi(mx)


@pytest.fixture
def tags_api(mx) -> TagsApi:
    return TagsApi(mx)


@pytest.fixture
def taggings_api(mx) -> TaggingsApi:
    return TaggingsApi(mx)


@pytest.fixture
def rules_api(mx) -> TransactionRulesApi:
    return TransactionRulesApi(mx)


@pytest.fixture
def member(members_api, institutions_api, user_guid):
    return connect_mxbank(members_api, institutions_api, user_guid)


def all_transactions(raw, user_guid, advance_clock) -> list:
    today = server_today(advance_clock)
    return raw_list_all(raw, f"/users/{user_guid}/transactions", "transactions",
                        from_date=f"{today.year - 1}-01-01", to_date=f"{today.year + 1}-12-31")


def default_named(categories_api, name):
    everything = list_all(categories_api.list_default_categories, "categories")
    return next(c for c in everything if c.name == name)


# -- enhance -----------------------------------------------------------------------------


def test_enhance_a_batch(transactions_api):
    raws = [
        ("t1", "SQ *BLUE BOTTLE COF 8005551234 CA", 4.85, None, "DEBIT"),
        ("t2", "AMZN Mktp US*2K4LM1PZ0", 23.99, 5942, "DEBIT"),
        ("t3", "POS DEBIT 0412 SHELL OIL 5744 HOUSTON TX", 38.2, None, "DEBIT"),
        ("t4", "ACME CORP PAYROLL PPD ID: 1234567890", 2845.12, None, "CREDIT"),
        ("t5", "OVERDRAFT ITEM FEE", 35.0, None, "DEBIT"),
        ("t6", "STARBUCKS LONDON GBR", 4.2, 5814, "DEBIT"),
    ]
    body = EnhanceTransactionsRequestBody(transactions=[
        EnhanceTransactionsRequest(id=i, description=d, amount=a, merchant_category_code=m, type=k)
        for i, d, a, m, k in raws
    ])
    resp = transactions_api.enhance_transactions_with_http_info(body)
    assert resp.status_code == 200, resp.raw_data
    out = {t.id: t for t in resp.data.transactions}
    assert list(out) == [r[0] for r in raws]
    expect = {
        "t1": ("Blue Bottle Coffee", "Coffee Shops"),
        "t2": ("Amazon", "Shopping"),
        "t3": ("Shell", "Gas"),
        "t4": ("Payroll Deposit from Acme Corp", "Paycheck"),
        "t5": ("Overdraft Fee", "Banking Fee"),
        "t6": ("Starbucks", "Coffee Shops"),
    }
    for key, (description, category) in expect.items():
        assert (out[key].description, out[key].category) == (description, category), out[key]
        assert out[key].category_guid.startswith("CAT-")
        assert out[key].original_description == dict((r[0], r[1]) for r in raws)[key]
    assert out["t1"].merchant_guid and out["t1"].merchant_guid.startswith("MCH-")
    assert out["t4"].is_income and out["t4"].is_direct_deposit and not out["t4"].is_expense
    assert out["t5"].is_fee and out["t5"].is_overdraft_fee
    assert out["t6"].is_international and not out["t1"].is_international
    assert out["t2"].merchant_category_code == 5942


def test_enhance_bad_input_names_the_field(raw):
    resp = raw.post("/transactions/enhance", json={"transactions": [{"id": "a", "description": "x"},
                                                                     {"description": "no id"}]})
    assert_mx_error(resp, 400, mentions=["transactions[1].id"])
    resp = raw.post("/transactions/enhance", json={"transactions": [{"id": "a", "description": "x",
                                                                     "type": "SIDEWAYS"}]})
    assert_mx_error(resp, 400, mentions=["transactions[0].type"])
    assert_mx_error(raw.post("/transactions/enhance", json={"transactions": []}), 400, mentions=["transactions"])


# -- categories --------------------------------------------------------------------------


def test_default_categories(categories_api, user_guid):
    defaults = list_all(categories_api.list_default_categories, "categories")
    assert len(defaults) >= 118
    assert all(c.is_default for c in defaults)
    groceries = next(c for c in defaults if c.name == "Groceries")
    food = next(c for c in defaults if c.name == "Food & Dining")
    assert groceries.parent_guid == food.guid and food.parent_guid is None
    assert categories_api.read_default_category(groceries.guid).category.name == "Groceries"
    by_user = list_all(categories_api.list_default_categories_by_user, "categories", user_guid=user_guid)
    assert [c.guid for c in by_user] == [c.guid for c in defaults]
    assert categories_api.read_category(groceries.guid, user_guid).category.is_default


def test_custom_category_lifecycle(categories_api, raw, user_guid):
    food = default_named(categories_api, "Food & Dining")
    created = categories_api.create_category(user_guid, CategoryCreateRequestBody(
        category=CategoryCreateRequest(name="Team Lunches", parent_guid=food.guid, metadata='{"k":1}'))).category
    assert created.guid.startswith("CAT-") and not created.is_default
    assert (created.name, created.parent_guid, created.metadata) == ("Team Lunches", food.guid, '{"k":1}')
    listed = list_all(categories_api.list_categories, "categories", user_guid=user_guid)
    assert created.guid in [c.guid for c in listed]
    updated = categories_api.update_category(created.guid, user_guid, CategoryUpdateRequestBody(
        category=CategoryUpdateRequest(name="Team Meals"))).category
    assert (updated.name, updated.metadata) == ("Team Meals", '{"k":1}')
    assert categories_api.read_category(created.guid, user_guid).category.name == "Team Meals"

    with pytest.raises(ApiException) as exc:  # not under a default category
        categories_api.create_category(user_guid, CategoryCreateRequestBody(
            category=CategoryCreateRequest(name="Orphan", parent_guid=created.guid)))
    assert_mx_error(exc.value, 422, mentions=["parent_guid"])
    assert_mx_error(raw.put(f"/users/{user_guid}/categories/{food.guid}",
                            json={"category": {"name": "Mine"}}), 422)
    assert_mx_error(raw.post(f"/users/{user_guid}/categories", json={"category": {"name": "x"}}), 400,
                    mentions=["category.parent_guid"])

    categories_api.delete_category(created.guid, user_guid)
    with pytest.raises(NotFoundException):
        categories_api.read_category(created.guid, user_guid)


def test_custom_categories_are_the_users_own(categories_api, users_api, user_guid):
    from .helpers import create_user
    food = default_named(categories_api, "Food & Dining")
    mine = categories_api.create_category(user_guid, CategoryCreateRequestBody(
        category=CategoryCreateRequest(name="Mine", parent_guid=food.guid))).category
    other = create_user(users_api).guid
    with pytest.raises(NotFoundException):
        categories_api.read_category(mine.guid, other)


# -- tags and taggings -------------------------------------------------------------------


def test_tags_and_taggings(tags_api, taggings_api, transactions_api, raw, user_guid, member, advance_clock):
    tags = list_all(tags_api.list_tags, "tags", user_guid=user_guid)
    assert [t.name for t in tags] == ["Business"]
    business = tags[0]
    trip = tags_api.create_tag(user_guid, TagCreateRequestBody(tag=TagCreateRequest(name="Trip"))).tag
    assert (trip.name, trip.user_guid) == ("Trip", user_guid) and trip.guid.startswith("TAG-")
    assert tags_api.read_tag(trip.guid, user_guid).tag.name == "Trip"

    txn = all_transactions(raw, user_guid, advance_clock)[0]
    tagging = taggings_api.create_tagging(user_guid, TaggingCreateRequestBody(
        tagging=TaggingCreateRequest(tag_guid=trip.guid, transaction_guid=txn["guid"]))).tagging
    assert (tagging.tag_guid, tagging.transaction_guid, tagging.user_guid) == (trip.guid, txn["guid"], user_guid)
    assert tagging.guid.startswith("TGN-")
    listed = list_all(taggings_api.list_taggings, "taggings", user_guid=user_guid)
    assert [t.guid for t in listed] == [tagging.guid]
    moved = taggings_api.update_tagging(tagging.guid, user_guid, TaggingUpdateRequestBody(
        tagging=TaggingUpdateRequest(tag_guid=business.guid))).tagging
    assert moved.tag_guid == business.guid
    assert taggings_api.read_tagging(tagging.guid, user_guid).tagging.tag_guid == business.guid
    tagged = transactions_api.list_transactions_by_tag(user_guid, business.guid).transactions
    assert [t.guid for t in tagged] == [txn["guid"]]
    assert transactions_api.list_transactions_by_tag(user_guid, trip.guid).transactions == []

    with pytest.raises(ApiException) as exc:
        taggings_api.create_tagging(user_guid, TaggingCreateRequestBody(tagging=TaggingCreateRequest(
            tag_guid=trip.guid, transaction_guid="TRN-00000000-0000-0000-0000-000000000000")))
    assert_mx_error(exc.value, 422, mentions=["transaction_guid"])

    # Deleting a tag removes its taggings.
    tags_api.delete_tag(business.guid, V1, user_guid)
    with pytest.raises(NotFoundException):
        taggings_api.read_tagging(tagging.guid, user_guid)
    assert [t.name for t in list_all(tags_api.list_tags, "tags", user_guid=user_guid)] == ["Trip"]
    second = taggings_api.create_tagging(user_guid, TaggingCreateRequestBody(
        tagging=TaggingCreateRequest(tag_guid=trip.guid, transaction_guid=txn["guid"]))).tagging
    taggings_api.delete_tagging(second.guid, user_guid)
    assert list_all(taggings_api.list_taggings, "taggings", user_guid=user_guid) == []


# -- transaction rules and re-aggregation --------------------------------------------------


def most_common_merchant(txns):
    counts = collections.Counter(t["description"] for t in txns
                                 if t["type"] == "DEBIT" and t["merchant_guid"])
    assert counts, "no merchant transactions"
    return counts.most_common(1)[0][0]


def test_rules_recategorize_existing_and_next_aggregation(
        categories_api, rules_api, transactions_api, members_api, raw, user_guid, member, advance_clock):
    before = all_transactions(raw, user_guid, advance_clock)
    merchant = most_common_merchant(before)
    matching = [t for t in before if t["description"] == merchant]
    assert len(matching) >= 3, merchant
    hobbies = default_named(categories_api, "Hobbies")
    food = default_named(categories_api, "Food & Dining")

    # The user files one transaction by hand first: no rule or aggregation may undo it.
    by_hand = matching[0]
    transactions_api.update_transaction(user_guid, by_hand["guid"], TransactionUpdateRequestBody(
        transaction=TransactionUpdateRequest(category_guid=hobbies.guid, memo="mine")))

    budget = categories_api.create_category(user_guid, CategoryCreateRequestBody(
        category=CategoryCreateRequest(name="Merchant Budget", parent_guid=food.guid))).category
    rule = rules_api.create_transaction_rule(user_guid, TransactionRuleCreateRequestBody(
        transaction_rule=TransactionRuleCreateRequest(
            category_guid=budget.guid, match_description=merchant.upper(), description="Budgeted"))).transaction_rule
    assert rule.guid.startswith("TXR-") and rule.match_description == merchant.upper()
    assert [r.guid for r in list_all(rules_api.list_transaction_rules, "transaction_rules", user_guid=user_guid)] == [
        rule.guid]

    now = {t["guid"]: t for t in all_transactions(raw, user_guid, advance_clock)}
    for t in matching[1:]:
        got = now[t["guid"]]
        assert (got["category_guid"], got["category"], got["top_level_category"], got["description"]) == (
            budget.guid, "Merchant Budget", "Food & Dining", "Budgeted"), got
    assert now[by_hand["guid"]]["category_guid"] == hobbies.guid
    untouched = [t for t in before if t["description"] != merchant and t["guid"] != by_hand["guid"]]
    assert all(now[t["guid"]]["category_guid"] == t["category_guid"] for t in untouched)

    # Next aggregations: new matching transactions arrive already filed by the rule.
    new = []
    for _ in range(4):
        advance_clock(4 * DAY_S)
        wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
        start_job(members_api.aggregate_member_with_http_info, member.guid, user_guid)
        wait_for_status(members_api, user_guid, member.guid, "CONNECTED")
        after = all_transactions(raw, user_guid, advance_clock)
        new = [t for t in after if t["guid"] not in now and merchant.upper() in t["original_description"].upper()]
        if new:
            break
    assert new, f"no new {merchant} transaction in 16 days"
    for t in new:
        assert (t["category_guid"], t["description"]) == (budget.guid, "Budgeted"), t
    latest = {t["guid"]: t for t in after}
    kept = latest[by_hand["guid"]]
    assert (kept["category_guid"], kept["memo"]) == (hobbies.guid, "mine"), kept

    transactions_api.delete_transaction_rule(rule.guid, user_guid)
    with pytest.raises(NotFoundException):
        rules_api.read_transaction_rule(rule.guid, user_guid)


def test_rule_bad_input(rules_api, raw, user_guid):
    path = f"/users/{user_guid}/transaction_rules"
    assert_mx_error(raw.post(path, json={"transaction_rule": {"match_description": "x"}}), 400,
                    mentions=["transaction_rule.category_guid"])
    unknown = "CAT-00000000-0000-0000-0000-000000000000"
    with pytest.raises(ApiException) as exc:
        rules_api.create_transaction_rule(user_guid, TransactionRuleCreateRequestBody(
            transaction_rule=TransactionRuleCreateRequest(category_guid=unknown, match_description="x")))
    assert_mx_error(exc.value, 422, mentions=["category_guid"])
    assert list_all(rules_api.list_transaction_rules, "transaction_rules", user_guid=user_guid) == []


# -- merchants ---------------------------------------------------------------------------


def test_merchants(mx, raw):
    api = MerchantsApi(mx)
    found = api.list_merchants(name="starbucks").merchants
    assert [m.name for m in found] == ["Starbucks"]
    starbucks = api.read_merchant(found[0].guid).merchant
    assert starbucks.website_url == "https://www.starbucks.com"
    logo = raw.get(starbucks.logo_url.replace(raw.base_url, ""), headers={"Accept": "image/svg+xml"})
    assert logo.status_code == 200 and logo.headers["Content-Type"].startswith("image/svg+xml")
    assert api.list_merchants(records_per_page=10).pagination.total_entries >= 200
    with pytest.raises(NotFoundException):
        api.read_merchant("MCH-00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFoundException):
        api.read_merchant_location("MCL-00000000-0000-0000-0000-000000000000")


# -- repeating transactions ----------------------------------------------------------------


def test_repeating_transactions(transactions_api, raw, user_guid, member, advance_clock):
    series = transactions_api.repeating_transactions(user_guid).repeating_transactions
    assert series, "an MX Bank member has bills and pay that repeat"
    kinds = {s.repeating_transaction_type for s in series}
    assert "INCOME" in kinds, kinds
    txns = all_transactions(raw, user_guid, advance_clock)
    by_guid = {t["guid"]: t for t in txns}
    for s in series:
        assert s.guid.startswith("RPT-") and s.user_guid == user_guid
        assert s.transaction_type in ("DEBIT", "CREDIT") and s.recurrence_type.startswith("EVERY_") or \
            s.recurrence_type == "TWICE_A_MONTH"
        assert s.predicted_occurs_on > s.last_posted_date
        again = transactions_api.specific_repeating_transaction(user_guid, s.guid).repeating_transactions
        assert [r.guid for r in again] == [s.guid]
    # Every transaction of a series is marked is_recurring; one-offs are not.
    recurring = [t for t in txns if t["is_recurring"]]
    assert recurring and len(recurring) < len(txns)
    payees = {(s.account_guid, s.description) for s in series}
    assert all((t["account_guid"], t["description"]) in payees or t["merchant_guid"] for t in recurring)
    with pytest.raises(NotFoundException):
        transactions_api.specific_repeating_transaction(user_guid, "RPT-00000000-0000-0000-0000-000000000000")
    assert by_guid
