-- Support requests sent from the Connect widget ("Request institution", "Get help"),
-- kept for the operator, per client and user. Only what the end user typed.
CREATE TABLE support_tickets (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    guid       TEXT NOT NULL UNIQUE,
    client_id  TEXT NOT NULL,
    user_guid  TEXT NOT NULL REFERENCES users(guid) ON DELETE CASCADE,
    email      TEXT,
    title      TEXT NOT NULL,
    message    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX support_tickets_user ON support_tickets (client_id, user_guid, seq);
