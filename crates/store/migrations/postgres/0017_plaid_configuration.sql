-- The Plaid dialect's developer configuration (plaid-compatible-api.md §4.3), one row
-- per API client; a client without a row has the defaults.
CREATE TABLE plaid_configurations (
    client_id             TEXT PRIMARY KEY REFERENCES api_clients(id) ON DELETE CASCADE,
    data_format           TEXT NOT NULL,
    webhook_url           TEXT,
    -- A JSON array of {webhook_type, webhook_code}, or ["*"] for every webhook.
    webhook_subscriptions TEXT NOT NULL,
    include_finsights     BOOLEAN NOT NULL,
    environment           TEXT NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL
);
