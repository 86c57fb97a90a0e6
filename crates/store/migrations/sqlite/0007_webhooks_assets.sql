-- Webhook delivery (outbox + signing keys) and Plaid Asset Reports.

-- One webhook waiting for, or done with, delivery. Rows are inserted in the same
-- transaction as the change they announce; the worker updates them after each attempt.
-- No foreign keys: a webhook about a removed item is still delivered.
CREATE TABLE webhook_outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    client_id       TEXT NOT NULL,
    member_guid     TEXT NOT NULL,
    target_url      TEXT NOT NULL,
    webhook_type    TEXT NOT NULL,
    webhook_code    TEXT NOT NULL,
    -- The exact JSON body, serialised once and sent byte for byte on every attempt.
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    delivered_at    TEXT,
    last_error      TEXT,
    state           TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (state, next_attempt_at);
CREATE INDEX webhook_outbox_member ON webhook_outbox (member_guid, seq);

-- The ES256 signing keys; the private key is sealed with the server's secret key.
-- Exactly one row has retired_at NULL: the current signing key.
CREATE TABLE webhook_keys (
    kid         TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    retired_at  INTEGER,
    expired_at  INTEGER,
    sealed_key  BLOB NOT NULL
);

-- Asset Reports are immutable snapshots: the report is generated once and stored.
-- Tokens are kept only as SHA-256 hashes. Reports outlive the items they cover.
CREATE TABLE asset_reports (
    asset_report_id TEXT PRIMARY KEY,
    token_hash      TEXT NOT NULL UNIQUE,
    client_id       TEXT NOT NULL,
    report          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    removed_at      TEXT
);
CREATE INDEX asset_reports_client ON asset_reports (client_id);

CREATE TABLE asset_report_audit_copies (
    token_hash      TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL,
    asset_report_id TEXT NOT NULL REFERENCES asset_reports(asset_report_id) ON DELETE CASCADE,
    auditor_id      TEXT,
    created_at      TEXT NOT NULL,
    removed_at      TEXT
);
