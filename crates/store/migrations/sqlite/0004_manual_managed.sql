-- Manual and partner-managed data, micro-deposits and widget sessions.

-- Where a member's data comes from: 'aggregated' (a connector), 'manual' (the end
-- user) or 'managed' (the partner). Accounts and transactions copy their member's.
ALTER TABLE members ADD COLUMN origin TEXT NOT NULL DEFAULT 'aggregated';
-- One manual member per user, however many requests race to create it.
CREATE UNIQUE INDEX members_manual ON members (user_guid)
    WHERE origin = 'manual' AND deleted_at IS NULL;

ALTER TABLE accounts ADD COLUMN origin TEXT NOT NULL DEFAULT 'aggregated';
ALTER TABLE accounts ADD COLUMN routing_number TEXT;
ALTER TABLE accounts ADD COLUMN property_type TEXT;

ALTER TABLE transactions ADD COLUMN origin TEXT NOT NULL DEFAULT 'aggregated';
-- The partner's own id of a managed transaction.
ALTER TABLE transactions ADD COLUMN partner_id TEXT;

CREATE TABLE micro_deposits (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    guid                TEXT NOT NULL UNIQUE,
    client_id           TEXT NOT NULL,
    user_guid           TEXT NOT NULL REFERENCES users(guid) ON DELETE CASCADE,
    account_name        TEXT,
    account_number      TEXT,
    account_type        TEXT,
    routing_number      TEXT,
    email               TEXT,
    first_name          TEXT,
    last_name           TEXT,
    status              TEXT NOT NULL,
    -- Wrong pairs of amounts submitted so far.
    attempts            INTEGER NOT NULL DEFAULT 0,
    error_message       TEXT,
    deposit_expected_at TEXT,
    verified_at         TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX micro_deposits_user ON micro_deposits (user_guid, seq);
CREATE INDEX micro_deposits_landing ON micro_deposits (status, deposit_expected_at);

-- The options of a widget URL, kept with its one-time token (only its hash is stored).
CREATE TABLE widget_sessions (
    token_hash  TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    user_guid   TEXT NOT NULL REFERENCES users(guid) ON DELETE CASCADE,
    widget_type TEXT NOT NULL,
    -- JSON of the options as requested (after validation).
    options     TEXT NOT NULL,
    language    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX widget_sessions_expiry ON widget_sessions (expires_at);
