"""Institutions catalogue: list / search / filters / favorites / read /
credentials / logos through the official SDK."""

import math
from urllib.parse import urlsplit

import pytest
import requests
from mx_platform_python.exceptions import NotFoundException
from mx_platform_python.models import CredentialsResponseBody, InstitutionResponseBody

from .helpers import RawClient, assert_mx_error, assert_pagination, list_all

SUPPORT_FLAGS = [
    "supports_account_identification",
    "supports_account_statement",
    "supports_account_verification",
    "supports_transaction_history",
]
INSTITUTION_KEYS = {
    "code", "guid", "name", "url", "small_logo_url", "medium_logo_url",
    "supports_account_identification", "supports_account_statement", "supports_account_verification",
    "supports_oauth", "supports_transaction_history", "supports_tax_document", "iso_country_code",
    "forgot_password_url", "forgot_username_url", "trouble_signing_in_url", "instructional_text",
}


@pytest.fixture(scope="module")
def catalogue(server):
    """The whole catalogue read raw, once per module: {code: institution dict},
    in API order, plus each institution's raw credentials list."""
    raw = RawClient(server.base_url, server.new_client())
    institutions, page = {}, 1
    while True:
        body = raw.json_ok("GET", "/institutions", params={"page": page, "records_per_page": 100})
        institutions.update((i["code"], i) for i in body["institutions"])
        if page >= body["pagination"]["total_pages"]:
            break
        page += 1
    assert len(institutions) == body["pagination"]["total_entries"]
    credentials = {
        code: raw.json_ok("GET", f"/institutions/{code}/credentials", params={"records_per_page": 1000})["credentials"]
        for code in institutions
    }
    return {"institutions": institutions, "credentials": credentials}


def test_catalogue_is_large_and_sorted_by_name(catalogue):
    institutions = catalogue["institutions"]
    names = [i["name"].lower() for i in institutions.values()]

    assert len(institutions) >= 57
    assert {"mxbank", "mx_bank_oauth", "chase", "wells_fargo"} <= set(institutions)
    assert names == sorted(names)


def test_every_institution_has_the_full_shape(catalogue):
    for code, inst in catalogue["institutions"].items():
        assert set(inst) >= INSTITUTION_KEYS, code
        assert inst["guid"].startswith("INS-"), code
        assert InstitutionResponseBody.from_dict({"institution": inst}).institution.code == code
    guids = [i["guid"] for i in catalogue["institutions"].values()]
    assert len(set(guids)) == len(guids)


def test_every_credential_has_sdk_types(catalogue):
    for code, creds in catalogue["credentials"].items():
        parsed = CredentialsResponseBody.from_dict({"credentials": creds}).credentials
        for raw_cred, cred in zip(creds, parsed):
            assert cred.guid.startswith("CRD-"), code
            assert isinstance(cred.field_type, str) and cred.field_type == cred.type, (code, raw_cred)
            assert isinstance(cred.display_order, int), (code, raw_cred)
            assert cred.field_name and cred.label, (code, raw_cred)


def test_catalogue_has_varied_credential_shapes(catalogue):
    institutions, credentials = catalogue["institutions"], catalogue["credentials"]
    assert any(len(c) >= 3 for c in credentials.values()), "no institution with 3+ credential fields"
    assert any(
        inst["supports_oauth"] and not credentials[code] and code != "mx_bank_oauth"
        for code, inst in institutions.items()
    ), "no OAuth-only institution besides mx_bank_oauth"


@pytest.mark.parametrize("term", ["mx bank", "MX BANK", "Mx Bank"])
def test_search_by_name_is_case_insensitive_substring(institutions_api, term):
    found = list_all(institutions_api.list_institutions, "institutions", name=term)

    assert {"mxbank", "mx_bank_oauth"} <= {i.code for i in found}
    for inst in found:
        assert term.lower() in inst.name.lower() or term.lower() in inst.code.lower(), inst.code


def test_search_matches_code(institutions_api):
    found = institutions_api.list_institutions(name="mx_bank_oauth").institutions
    assert [i.code for i in found] == ["mx_bank_oauth"]


def test_search_without_match_is_empty(institutions_api):
    body = institutions_api.list_institutions(name="no such bank zzz")
    assert body.institutions == []
    assert_pagination(body.pagination, current_page=1, total_entries=0)


@pytest.mark.parametrize("flag", SUPPORT_FLAGS)
def test_supports_filter(institutions_api, catalogue, flag):
    found = list_all(institutions_api.list_institutions, "institutions", **{flag: True})

    assert all(getattr(inst, flag) is True for inst in found), flag
    expected = [code for code, inst in catalogue["institutions"].items() if inst[flag] is True]
    assert [i.code for i in found] == expected
    assert "mxbank" in expected


@pytest.mark.parametrize("flag", SUPPORT_FLAGS)
def test_supports_filter_accepts_lowercase_true(raw, catalogue, flag):
    body = raw.json_ok("GET", "/institutions", params={flag: "true", "records_per_page": 100})
    expected = [code for code, inst in catalogue["institutions"].items() if inst[flag] is True]
    assert [i["code"] for i in body["institutions"]] == expected[:100]


def test_iso_country_code_filter_is_repeatable(institutions_api, catalogue):
    institutions = catalogue["institutions"]
    for codes in (["US"], ["US", "CA"]):
        found = list_all(institutions_api.list_institutions, "institutions", iso_country_code=codes)
        expected = [code for code, inst in institutions.items() if inst["iso_country_code"] in codes]
        assert [i.code for i in found] == expected, codes
    assert "mxbank" in [i.code for i in found]


def test_list_institutions_pagination(institutions_api, catalogue):
    all_codes = list(catalogue["institutions"])
    total = len(all_codes)

    first = institutions_api.list_institutions(page=1, records_per_page=10)
    second = institutions_api.list_institutions(page=2, records_per_page=10)
    default = institutions_api.list_institutions()

    assert_pagination(first.pagination, current_page=1, per_page=10, total_entries=total)
    assert first.pagination.total_pages == math.ceil(total / 10)
    assert [i.code for i in first.institutions + second.institutions] == all_codes[:20]
    assert_pagination(second.pagination, current_page=2, per_page=10, total_entries=total)
    assert_pagination(default.pagination, current_page=1, per_page=25, total_entries=total)
    assert [i.code for i in default.institutions] == all_codes[:25]


def test_favorites(institutions_api, catalogue):
    body = institutions_api.list_favorite_institutions()

    assert body.institutions, "no favorites"
    assert body.institutions[0].code == "mxbank"
    assert_pagination(body.pagination, current_page=1, per_page=25)
    for fav in body.institutions:
        assert fav.code in catalogue["institutions"]
        assert fav.to_dict() == InstitutionResponseBody.from_dict(
            {"institution": catalogue["institutions"][fav.code]}).institution.to_dict()


def test_read_mxbank(institutions_api, raw, server):
    resp = institutions_api.read_institution_with_http_info("mxbank")

    assert resp.status_code == 200
    inst = resp.data.institution
    assert (inst.code, inst.name, inst.url) == ("mxbank", "MX Bank", "https://www.mx.com")
    assert all(getattr(inst, flag) is True for flag in SUPPORT_FLAGS)
    assert inst.supports_oauth is False
    assert isinstance(inst.supports_tax_document, bool)
    assert inst.iso_country_code == "US"
    for url_field in ("forgot_password_url", "forgot_username_url", "trouble_signing_in_url", "instructional_text"):
        assert getattr(inst, url_field) is None or isinstance(getattr(inst, url_field), str), url_field
    for logo in (inst.small_logo_url, inst.medium_logo_url):
        assert urlsplit(logo).netloc == urlsplit(server.base_url).netloc, logo
    body = raw.json_ok("GET", "/institutions/mxbank")
    assert set(body) == {"institution"}
    assert set(body["institution"]) >= INSTITUTION_KEYS
    assert body["institution"]["guid"].startswith("INS-")


def test_read_mx_bank_oauth(institutions_api):
    inst = institutions_api.read_institution("mx_bank_oauth").institution
    assert (inst.code, inst.name, inst.supports_oauth) == ("mx_bank_oauth", "MX Bank (OAuth)", True)


def test_mxbank_credentials(institutions_api, raw):
    body = institutions_api.list_institution_credentials("mxbank")

    creds = sorted(body.credentials, key=lambda c: c.display_order)
    assert [(c.field_name, c.label, c.field_type, c.type, c.display_order) for c in creds] == [
        ("LOGIN", "Username", "TEXT", "TEXT", 1),
        ("PASSWORD", "Password", "PASSWORD", "PASSWORD", 2),
    ]
    assert all(c.guid.startswith("CRD-") for c in creds)
    assert creds[0].guid != creds[1].guid
    assert_pagination(body.pagination, current_page=1, per_page=25, total_entries=2)
    # Stable guids: the same definitions are returned on every read.
    again = raw.json_ok("GET", "/institutions/mxbank/credentials")["credentials"]
    assert sorted(c["guid"] for c in again) == sorted(c.guid for c in creds)


def test_oauth_institution_has_no_credentials(institutions_api):
    body = institutions_api.list_institution_credentials("mx_bank_oauth")
    assert body.credentials == []
    assert_pagination(body.pagination, current_page=1, total_entries=0)


def test_options_credential(catalogue):
    with_options = [
        (code, cred)
        for code, creds in catalogue["credentials"].items()
        for cred in creds
        if cred["field_type"] == "OPTIONS"
    ]
    assert with_options, "no institution in the catalogue has an OPTIONS credential"
    for code, cred in with_options:
        assert cred["type"] == "OPTIONS", code
        assert isinstance(cred["options"], list) and cred["options"], code
        for option in cred["options"]:
            assert isinstance(option["label"], str) and option["label"], code
            assert isinstance(option["value"], str) and option["value"], code


def test_unknown_institution_is_404(institutions_api):
    with pytest.raises(NotFoundException) as read_error:
        institutions_api.read_institution("no_such_institution")
    assert_mx_error(read_error.value, 404)
    with pytest.raises(NotFoundException) as creds_error:
        institutions_api.list_institution_credentials("no_such_institution")
    assert_mx_error(creds_error.value, 404)


@pytest.mark.parametrize("code", ["mxbank", "chase"])
def test_logos_are_served_without_auth(institutions_api, server, code):
    inst = institutions_api.read_institution(code).institution

    for logo in (inst.small_logo_url, inst.medium_logo_url):
        assert urlsplit(logo).netloc == urlsplit(server.base_url).netloc, logo
        resp = requests.get(logo, timeout=30)
        assert resp.status_code == 200, logo
        assert resp.headers["Content-Type"].split(";")[0].strip() == "image/svg+xml", logo
        assert b"<svg" in resp.content, logo
