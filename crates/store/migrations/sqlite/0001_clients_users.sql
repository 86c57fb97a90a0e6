-- API clients: the tenants. Keys are stored only as SHA-256 hashes.
CREATE TABLE api_clients (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    key_hash    BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

CREATE TABLE users (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    guid         TEXT NOT NULL UNIQUE,
    client_id    TEXT NOT NULL REFERENCES api_clients(id) ON DELETE CASCADE,
    partner_id   TEXT,
    email        TEXT,
    is_disabled  INTEGER NOT NULL DEFAULT 0,
    metadata     TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
);

-- A partner id is unique per client among live users; the 409 comes from this index.
CREATE UNIQUE INDEX users_partner_id ON users (client_id, partner_id)
    WHERE partner_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX users_client ON users (client_id, seq) WHERE deleted_at IS NULL;
CREATE INDEX users_deleted ON users (deleted_at) WHERE deleted_at IS NOT NULL;
