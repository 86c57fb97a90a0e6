-- The Plaid-compatible dialect: items (one per member) and their tokens.

-- An item is a member seen through the Plaid API; item_id is derived from the member.
-- No foreign key to members: a removed item stays so its tokens answer ITEM_NOT_FOUND.
CREATE TABLE plaid_items (
    item_id     TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    user_guid   TEXT NOT NULL,
    member_guid TEXT NOT NULL,
    webhook     TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    removed_at  TIMESTAMPTZ
);
CREATE INDEX plaid_items_member ON plaid_items (member_guid);

-- Public and access tokens, stored only as SHA-256 hashes, scoped to a client.
CREATE TABLE plaid_tokens (
    token_hash TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    item_id    TEXT NOT NULL REFERENCES plaid_items(item_id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    used_at    TIMESTAMPTZ
);
CREATE INDEX plaid_tokens_item ON plaid_tokens (item_id);
