CREATE TABLE members (
    seq                   INTEGER PRIMARY KEY AUTOINCREMENT,
    guid                  TEXT NOT NULL UNIQUE,
    client_id             TEXT NOT NULL,
    user_guid             TEXT NOT NULL REFERENCES users(guid) ON DELETE CASCADE,
    partner_id            TEXT,
    institution_code      TEXT NOT NULL,
    name                  TEXT NOT NULL,
    metadata              TEXT,
    connection_status     TEXT,
    is_oauth              INTEGER NOT NULL DEFAULT 0,
    is_being_aggregated   INTEGER NOT NULL DEFAULT 0,
    is_authenticated      INTEGER NOT NULL DEFAULT 0,
    background_aggregation_is_disabled INTEGER NOT NULL DEFAULT 0,
    has_processed_accounts     INTEGER NOT NULL DEFAULT 0,
    has_processed_transactions INTEGER NOT NULL DEFAULT 0,
    aggregated_at              TEXT,
    successfully_aggregated_at TEXT,
    last_job_started_at        TEXT,
    last_balance_at            TEXT,
    most_recent_job_guid       TEXT,
    running_job                TEXT,
    oauth_window_uri           TEXT,
    use_cases                  TEXT NOT NULL DEFAULT '',
    -- AES-256-GCM sealed JSON of the credential values; never returned.
    credentials                BLOB,
    -- What the sandbox derives its data from: stable for one login.
    seed                       TEXT NOT NULL,
    created_at                 TEXT NOT NULL,
    updated_at                 TEXT NOT NULL,
    deleted_at                 TEXT
);
CREATE UNIQUE INDEX members_partner_id ON members (client_id, partner_id)
    WHERE partner_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX members_user ON members (user_guid, seq) WHERE deleted_at IS NULL;
CREATE INDEX members_pending ON members (connection_status, created_at) WHERE deleted_at IS NULL;

CREATE TABLE jobs (
    seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
    guid                 TEXT NOT NULL UNIQUE,
    client_id            TEXT NOT NULL,
    member_guid          TEXT NOT NULL REFERENCES members(guid) ON DELETE CASCADE,
    user_guid            TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    state                TEXT NOT NULL,
    status               TEXT NOT NULL,
    is_background        INTEGER NOT NULL DEFAULT 0,
    include_transactions INTEGER NOT NULL DEFAULT 1,
    -- What a worker does next: 'login' or 'answer'.
    step                 TEXT NOT NULL DEFAULT 'login',
    mfa_state            TEXT,
    challenges           TEXT,
    -- Sealed JSON of the MFA answers waiting for a worker.
    answers              BLOB,
    deadline             TEXT,
    started_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    finished_at          TEXT
);
CREATE INDEX jobs_open ON jobs (state, seq) WHERE state <> 'finished';
CREATE INDEX jobs_member ON jobs (member_guid, seq);

CREATE TABLE accounts (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    guid                TEXT NOT NULL UNIQUE,
    client_id           TEXT NOT NULL,
    user_guid           TEXT NOT NULL,
    member_guid         TEXT NOT NULL REFERENCES members(guid) ON DELETE CASCADE,
    external_id         TEXT NOT NULL,
    partner_id          TEXT,
    institution_code    TEXT NOT NULL,
    name                TEXT NOT NULL,
    nickname            TEXT,
    account_type        TEXT NOT NULL,
    subtype             TEXT,
    account_number_mask TEXT,
    currency_code       TEXT NOT NULL,
    -- Amounts as exact decimal strings in a JSON object.
    figures             TEXT NOT NULL,
    is_closed           INTEGER NOT NULL DEFAULT 0,
    is_hidden           INTEGER NOT NULL DEFAULT 0,
    metadata            TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    imported_at         TEXT,
    UNIQUE (member_guid, external_id)
);
CREATE INDEX accounts_user ON accounts (user_guid, seq);

CREATE TABLE transactions (
    seq                    INTEGER PRIMARY KEY AUTOINCREMENT,
    guid                   TEXT NOT NULL UNIQUE,
    client_id              TEXT NOT NULL,
    user_guid              TEXT NOT NULL,
    member_guid            TEXT NOT NULL REFERENCES members(guid) ON DELETE CASCADE,
    account_guid           TEXT NOT NULL REFERENCES accounts(guid) ON DELETE CASCADE,
    external_id            TEXT NOT NULL,
    amount                 TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    status                 TEXT NOT NULL,
    date                   TEXT NOT NULL,
    transacted_at          TEXT NOT NULL,
    posted_at              TEXT,
    original_description   TEXT NOT NULL,
    description            TEXT NOT NULL,
    memo                   TEXT,
    category_guid          TEXT NOT NULL,
    merchant_category_code INTEGER,
    merchant_name          TEXT,
    check_number           TEXT,
    currency_code          TEXT NOT NULL,
    latitude               TEXT,
    longitude              TEXT,
    flags                  INTEGER NOT NULL DEFAULT 0,
    metadata               TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    UNIQUE (account_guid, external_id)
);
CREATE INDEX transactions_user_date ON transactions (user_guid, date, seq);
CREATE INDEX transactions_member_date ON transactions (member_guid, date, seq);
CREATE INDEX transactions_account_date ON transactions (account_guid, date, seq);

CREATE TABLE oauth_states (
    guid                          TEXT PRIMARY KEY,
    client_id                     TEXT NOT NULL,
    user_guid                     TEXT NOT NULL,
    member_guid                   TEXT NOT NULL REFERENCES members(guid) ON DELETE CASCADE,
    token_hash                    TEXT NOT NULL UNIQUE,
    referral_source               TEXT NOT NULL,
    ui_message_webview_url_scheme TEXT NOT NULL,
    client_redirect_url           TEXT,
    skip_aggregation              INTEGER NOT NULL DEFAULT 0,
    status                        TEXT NOT NULL,
    error_reason                  TEXT,
    created_at                    TEXT NOT NULL,
    updated_at                    TEXT NOT NULL
);
CREATE INDEX oauth_states_member ON oauth_states (member_guid, created_at);
