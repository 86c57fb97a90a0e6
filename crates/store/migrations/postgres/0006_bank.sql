-- The hosted bank (Apiture Digital Banking API under /banking).
--
-- A bank's ledger (customers, accounts, journal, holds, transfers) is stored as one
-- versioned JSON snapshot of `polyfin_ledger::LedgerState`, amounts as exact decimal
-- strings. Every change writes the whole new state with `version = version + 1` in
-- one statement guarded by the version it was computed from, so a change is either
-- durable in full or not at all, and two writers can never interleave.
CREATE TABLE banks (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    routing_number  TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL,
    version         BIGINT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Online-banking credentials: one username per customer login, PBKDF2 hash.
CREATE TABLE bank_logins (
    bank_id         TEXT NOT NULL REFERENCES banks(id) ON DELETE CASCADE,
    username        TEXT NOT NULL,
    customer_id     TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (bank_id, username)
);

-- Bearer tokens, stored only as the SHA-256 of the token.
CREATE TABLE bank_tokens (
    token_hash      TEXT PRIMARY KEY,
    bank_id         TEXT NOT NULL REFERENCES banks(id) ON DELETE CASCADE,
    customer_id     TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX bank_tokens_customer ON bank_tokens (bank_id, customer_id);
