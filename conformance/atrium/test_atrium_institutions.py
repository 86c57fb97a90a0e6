"""Institutions and their credentials through the Atrium SDK."""

from atrium_helpers import MXBANK, MXBANK_OAUTH, assert_atrium_error, list_all, sdk_error


def test_search_by_name_and_flags(atrium):
    found = atrium.institutions.list_institutions(name="mx bank")
    codes = {i.code for i in found.institutions}
    assert {MXBANK, MXBANK_OAUTH} <= codes
    assert found.pagination.total_entries == len(found.institutions)
    # Python booleans travel as True/False.
    oauth = list_all(atrium.institutions.list_institutions, "institutions", supports_account_verification=True)
    assert oauth and all(i.supports_account_verification is True for i in oauth)
    everything = atrium.institutions.list_institutions(supports_account_verification=False, records_per_page=10)
    assert everything.pagination.total_entries >= len(oauth)
    assert everything.pagination.per_page == 10


def test_read_mxbank(atrium):
    bank = atrium.institutions.read_institution(MXBANK).institution
    assert (bank.code, bank.name, bank.url) == (MXBANK, "MX Bank", "https://www.mx.com")
    # The live MX Bank supports every premium feature (spec §4.1).
    assert bank.supports_account_identification is True
    assert bank.supports_account_statement is True
    assert bank.supports_account_verification is True
    assert bank.supports_transaction_history is True
    assert bank.supports_oauth is False
    assert bank.small_logo_url.endswith(".svg") and bank.medium_logo_url.endswith(".svg")
    oauth = atrium.institutions.read_institution(MXBANK_OAUTH).institution
    assert oauth.supports_oauth is True


def test_mxbank_credentials_are_login_and_password(atrium, raw):
    fields = atrium.institutions.read_institution_credentials(MXBANK).credentials
    assert [(f.field_name, f.type, f.label) for f in fields] == [
        ("LOGIN", "LOGIN", "Username"),
        ("PASSWORD", "PASSWORD", "Password"),
    ]
    assert all(f.guid.startswith("CRD-") for f in fields)
    wire = raw.json_ok("GET", f"/institutions/{MXBANK}/credentials")["credentials"]
    assert [c["display_order"] for c in wire] == [1, 2]


def test_unknown_institution_is_404(atrium):
    assert_atrium_error(sdk_error(atrium.institutions.read_institution, "no_such_bank"), 404)
    assert_atrium_error(sdk_error(atrium.institutions.read_institution_credentials, "no_such_bank"), 404)
