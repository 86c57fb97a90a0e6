-- Personal-finance data a user keeps: custom categories, tags, taggings and
-- transaction rules (all removed with their user); and who set each transaction's category.

CREATE TABLE custom_categories (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    guid        TEXT NOT NULL UNIQUE,
    client_id   TEXT NOT NULL,
    user_guid   TEXT NOT NULL REFERENCES users(guid) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    parent_guid TEXT NOT NULL,
    metadata    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX custom_categories_user ON custom_categories (client_id, user_guid);

CREATE TABLE tags (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    guid       TEXT NOT NULL UNIQUE,
    client_id  TEXT NOT NULL,
    user_guid  TEXT NOT NULL REFERENCES users(guid) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX tags_user ON tags (client_id, user_guid);

-- Deleting a tag or a transaction removes its taggings.
CREATE TABLE taggings (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    guid             TEXT NOT NULL UNIQUE,
    client_id        TEXT NOT NULL,
    user_guid        TEXT NOT NULL REFERENCES users(guid) ON DELETE CASCADE,
    tag_guid         TEXT NOT NULL REFERENCES tags(guid) ON DELETE CASCADE,
    transaction_guid TEXT NOT NULL REFERENCES transactions(guid) ON DELETE CASCADE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX taggings_user ON taggings (client_id, user_guid);

CREATE TABLE transaction_rules (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    guid              TEXT NOT NULL UNIQUE,
    client_id         TEXT NOT NULL,
    user_guid         TEXT NOT NULL REFERENCES users(guid) ON DELETE CASCADE,
    category_guid     TEXT NOT NULL,
    match_description TEXT NOT NULL,
    description       TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX transaction_rules_user ON transaction_rules (client_id, user_guid);

-- 'engine' (enrichment), 'rule' (a transaction rule) or 'user' (set by hand: never
-- overwritten by a later aggregation or rule).
ALTER TABLE transactions ADD COLUMN category_set_by TEXT NOT NULL DEFAULT 'engine';
