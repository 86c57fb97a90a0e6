-- Transactions an institution stopped reporting (a released authorization hold) or a
-- partner deleted: what `/transactions/sync` reports as `removed`. The row outlives
-- the transaction; it goes with its member.
CREATE TABLE transaction_removals (
    guid         TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL,
    member_guid  TEXT NOT NULL REFERENCES members(guid) ON DELETE CASCADE,
    account_guid TEXT NOT NULL,
    -- When the transaction was first stored: one added and removed within a sync
    -- page's range is not reported at all.
    created_at   TEXT NOT NULL,
    removed_at   TEXT NOT NULL
);
CREATE INDEX transaction_removals_member ON transaction_removals (member_guid, removed_at);
