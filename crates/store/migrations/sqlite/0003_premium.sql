-- Premium data; every row goes with its account (and member) on delete.
CREATE TABLE account_numbers (
    seq                INTEGER PRIMARY KEY AUTOINCREMENT,
    guid               TEXT NOT NULL UNIQUE,
    client_id          TEXT NOT NULL,
    user_guid          TEXT NOT NULL,
    member_guid        TEXT NOT NULL REFERENCES members(guid) ON DELETE CASCADE,
    account_guid       TEXT NOT NULL UNIQUE REFERENCES accounts(guid) ON DELETE CASCADE,
    account_number     TEXT NOT NULL,
    routing_number     TEXT,
    institution_number TEXT,
    transit_number     TEXT,
    passed_validation  INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL
);
CREATE INDEX account_numbers_member ON account_numbers (member_guid, seq);

CREATE TABLE account_owners (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    guid         TEXT NOT NULL UNIQUE,
    client_id    TEXT NOT NULL,
    user_guid    TEXT NOT NULL,
    member_guid  TEXT NOT NULL REFERENCES members(guid) ON DELETE CASCADE,
    account_guid TEXT NOT NULL REFERENCES accounts(guid) ON DELETE CASCADE,
    owner_name   TEXT NOT NULL,
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    email        TEXT NOT NULL,
    phone        TEXT NOT NULL,
    address      TEXT NOT NULL,
    city         TEXT NOT NULL,
    state        TEXT NOT NULL,
    postal_code  TEXT NOT NULL,
    country      TEXT NOT NULL,
    UNIQUE (account_guid, owner_name)
);
CREATE INDEX account_owners_member ON account_owners (member_guid, seq);

CREATE TABLE holdings (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    guid           TEXT NOT NULL UNIQUE,
    client_id      TEXT NOT NULL,
    user_guid      TEXT NOT NULL,
    member_guid    TEXT NOT NULL REFERENCES members(guid) ON DELETE CASCADE,
    account_guid   TEXT NOT NULL REFERENCES accounts(guid) ON DELETE CASCADE,
    external_id    TEXT NOT NULL,
    symbol         TEXT,
    cusip          TEXT,
    description    TEXT NOT NULL,
    holding_type   TEXT NOT NULL,
    currency_code  TEXT NOT NULL,
    quantity       TEXT NOT NULL,
    current_price  TEXT NOT NULL,
    market_value   TEXT NOT NULL,
    cost_basis     TEXT NOT NULL,
    purchase_price TEXT NOT NULL,
    daily_change   TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (account_guid, external_id)
);
CREATE INDEX holdings_user ON holdings (user_guid, seq);

CREATE TABLE statements (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    guid            TEXT NOT NULL UNIQUE,
    client_id       TEXT NOT NULL,
    user_guid       TEXT NOT NULL,
    member_guid     TEXT NOT NULL REFERENCES members(guid) ON DELETE CASCADE,
    account_guid    TEXT NOT NULL REFERENCES accounts(guid) ON DELETE CASCADE,
    external_id     TEXT NOT NULL,
    period_start    TEXT NOT NULL,
    period_end      TEXT NOT NULL,
    opening_balance TEXT NOT NULL,
    closing_balance TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (account_guid, external_id)
);
CREATE INDEX statements_member ON statements (member_guid, period_end, seq);

ALTER TABLE members ADD COLUMN has_processed_account_numbers INTEGER NOT NULL DEFAULT 0;
