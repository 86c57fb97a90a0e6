"""The Asset Report family through plaid-python: refresh, filter, audit copies, remove,
and their errors. (create/get/pdf are in the lifecycle test.)"""

import plaid
import pytest
from plaid.model.asset_report_audit_copy_create_request import AssetReportAuditCopyCreateRequest
from plaid.model.asset_report_audit_copy_get_request import AssetReportAuditCopyGetRequest
from plaid.model.asset_report_audit_copy_remove_request import AssetReportAuditCopyRemoveRequest
from plaid.model.asset_report_create_request import AssetReportCreateRequest
from plaid.model.asset_report_filter_request import AssetReportFilterRequest
from plaid.model.asset_report_get_request import AssetReportGetRequest
from plaid.model.asset_report_refresh_request import AssetReportRefreshRequest
from plaid.model.asset_report_remove_request import AssetReportRemoveRequest

from plaid_helpers import api, error_code, link_item


@pytest.fixture
def report(server, client):
    client_api = api(server, client)
    token, _ = link_item(client_api, products=("transactions",))
    created = client_api.asset_report_create(AssetReportCreateRequest(
        access_tokens=[token], days_requested=30))
    return client_api, token, created


def get(client_api, asset_report_token):
    return client_api.asset_report_get(AssetReportGetRequest(asset_report_token=asset_report_token))


def code_of(call):
    with pytest.raises(plaid.ApiException) as caught:
        call()
    assert caught.value.status == 400
    return error_code(caught.value)


def test_filter_makes_a_new_report_without_the_accounts(report):
    client_api, _, created = report
    original = get(client_api, created.asset_report_token).report
    accounts = original.items[0].accounts
    drop = accounts[0].account_id
    filtered = client_api.asset_report_filter(AssetReportFilterRequest(
        asset_report_token=created.asset_report_token, account_ids_to_exclude=[drop]))
    assert filtered.asset_report_id != created.asset_report_id
    new = get(client_api, filtered.asset_report_token).report
    assert {a.account_id for a in new.items[0].accounts} == {a.account_id for a in accounts} - {drop}
    # The original is immutable.
    assert len(get(client_api, created.asset_report_token).report.items[0].accounts) == len(accounts)


def test_refresh_makes_a_new_report_with_the_same_items(report):
    client_api, _, created = report
    refreshed = client_api.asset_report_refresh(AssetReportRefreshRequest(
        asset_report_token=created.asset_report_token, days_requested=10))
    assert refreshed.asset_report_id != created.asset_report_id
    new = get(client_api, refreshed.asset_report_token).report
    old = get(client_api, created.asset_report_token).report
    assert new.days_requested == 10 and old.days_requested == 30
    assert [i.item_id for i in new.items] == [i.item_id for i in old.items]


def test_audit_copy_lifecycle(server, report):
    client_api, _, created = report
    copy = client_api.asset_report_audit_copy_create(AssetReportAuditCopyCreateRequest(
        asset_report_token=created.asset_report_token, auditor_id="fannie_mae"))
    assert copy.audit_copy_token.startswith("a-sandbox-")
    auditor = api(server, server.new_client())
    seen = auditor.asset_report_audit_copy_get(AssetReportAuditCopyGetRequest(
        audit_copy_token=copy.audit_copy_token))
    assert seen.report.asset_report_id == created.asset_report_id
    removed = client_api.asset_report_audit_copy_remove(AssetReportAuditCopyRemoveRequest(
        audit_copy_token=copy.audit_copy_token))
    assert removed.removed is True
    assert code_of(lambda: auditor.asset_report_audit_copy_get(AssetReportAuditCopyGetRequest(
        audit_copy_token=copy.audit_copy_token))) == "INVALID_AUDIT_COPY_TOKEN"


def test_remove_invalidates_report_and_its_audit_copies(server, report):
    client_api, _, created = report
    copy = client_api.asset_report_audit_copy_create(AssetReportAuditCopyCreateRequest(
        asset_report_token=created.asset_report_token))
    assert client_api.asset_report_remove(AssetReportRemoveRequest(
        asset_report_token=created.asset_report_token)).removed is True
    assert code_of(lambda: get(client_api, created.asset_report_token)) == "INVALID_ASSET_REPORT_TOKEN"
    assert code_of(lambda: client_api.asset_report_audit_copy_get(AssetReportAuditCopyGetRequest(
        audit_copy_token=copy.audit_copy_token))) == "INVALID_AUDIT_COPY_TOKEN"


def test_other_clients_cannot_read_a_report(server, report):
    _, _, created = report
    other = api(server, server.new_client())
    assert code_of(lambda: get(other, created.asset_report_token)) == "INVALID_ASSET_REPORT_TOKEN"


def test_create_with_a_bad_access_token(report):
    client_api, _, _ = report
    assert code_of(lambda: client_api.asset_report_create(AssetReportCreateRequest(
        access_tokens=["access-sandbox-00000000-0000-4000-8000-000000000000"],
        days_requested=30))) == "INVALID_ACCESS_TOKEN"
