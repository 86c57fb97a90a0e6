"""One domain model, two dialects: a member created with the Atrium SDK is the
member the MX Platform SDK reads (same guid, accounts and transactions), and the
reverse."""

from mx_platform_python import (
    AccountsApi,
    CredentialRequest as MxCredentialRequest,
    InstitutionsApi,
    MemberCreateRequest as MxMemberCreateRequest,
    MemberCreateRequestBody as MxMemberCreateRequestBody,
    MembersApi,
    TransactionsApi,
    UserCreateRequest as MxUserCreateRequest,
    UserCreateRequestBody as MxUserCreateRequestBody,
    UsersApi,
)

from atrium_helpers import connect, list_all, unique, wait_for_status


def mx_list_all(list_fn, key: str, *args) -> list:
    items, page = [], 1
    while True:
        body = list_fn(*args, page=page, records_per_page=100)
        items.extend(getattr(body, key))
        if page >= body.pagination.total_pages:
            return items
        page += 1


def test_atrium_member_is_the_mx_member(atrium, mx, user_guid):
    member = connect(atrium, user_guid, identifier=unique("cross"))
    mx_member = MembersApi(mx).read_member(member.guid, user_guid).member
    assert mx_member.guid == member.guid
    assert mx_member.id == member.identifier  # identifier <-> id
    assert mx_member.connection_status == "CONNECTED"
    assert mx_member.institution_code == "mxbank"

    atrium_accounts = list_all(atrium.members.list_member_accounts, "accounts", member.guid, user_guid)
    mx_accounts = mx_list_all(AccountsApi(mx).list_member_accounts, "accounts", user_guid, member.guid)
    assert sorted((a.guid, a.balance) for a in atrium_accounts) == sorted(
        (a.guid, a.balance) for a in mx_accounts
    )

    atrium_txns = list_all(atrium.transactions.list_user_transactions, "transactions", user_guid)
    mx_txns = mx_list_all(TransactionsApi(mx).list_transactions, "transactions", user_guid)
    assert sorted((t.guid, t.amount, t._date) for t in atrium_txns) == sorted(
        (t.guid, t.amount, t.var_date) for t in mx_txns
    )


def test_mx_member_is_the_atrium_member(atrium, mx):
    user = UsersApi(mx).create_user(MxUserCreateRequestBody(user=MxUserCreateRequest(id=unique("mxu")))).user
    read_user = atrium.users.read_user(user.guid).user
    assert read_user.identifier == user.id

    fields = InstitutionsApi(mx).list_institution_credentials("mxbank").credentials
    creds = [
        MxCredentialRequest(guid=f.guid, value="password" if f.field_type == "PASSWORD" else "test_atrium")
        for f in fields
    ]
    identifier = unique("mxm")
    body = MxMemberCreateRequestBody(
        member=MxMemberCreateRequest(institution_code="mxbank", credentials=creds, id=identifier)
    )
    created = MembersApi(mx).create_member(user.guid, body).member

    status = wait_for_status(atrium, user.guid, created.guid, "CONNECTED", "COMPLETED")
    assert status.guid == created.guid
    member = atrium.members.read_member(created.guid, user.guid).member
    assert (member.guid, member.identifier, member.institution_code) == (created.guid, identifier, "mxbank")
    accounts = atrium.accounts.list_user_accounts(user.guid).accounts
    assert accounts and {a.member_guid for a in accounts} == {created.guid}
    mx_account_guids = {a.guid for a in AccountsApi(mx).list_user_accounts(user.guid).accounts}
    assert {a.guid for a in accounts} == mx_account_guids
