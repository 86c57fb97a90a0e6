-- Cheap reads on hot paths.
--
-- 1. API keys. Servers remember verified keys in memory; before trusting what they
--    remember, a request reads this one-row generation, which any change to
--    api_clients (revocation, deletion, a new key hash) moves on, in the same
--    transaction, whichever process made it.
CREATE TABLE api_client_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO api_client_generation (id, generation) VALUES (1, 1);
CREATE TRIGGER api_clients_updated AFTER UPDATE ON api_clients BEGIN
    UPDATE api_client_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER api_clients_deleted AFTER DELETE ON api_clients BEGIN
    UPDATE api_client_generation SET generation = generation + 1 WHERE id = 1;
END;

-- 2. The transactions page's total. Per account: how many transactions it has and a
--    range of days that holds all of them (widened on insert and on a date change,
--    never narrowed, so it stays a bound after deletes). A window that holds the
--    range of every account in scope counts exactly the sum of their counts; any
--    other window is counted row by row. Kept by triggers in the writing
--    transaction, so it is exact under concurrent ingest.
CREATE TABLE account_transaction_counts (
    account_guid TEXT PRIMARY KEY REFERENCES accounts(guid) ON DELETE CASCADE,
    client_id    TEXT NOT NULL,
    user_guid    TEXT NOT NULL,
    member_guid  TEXT NOT NULL,
    transactions INTEGER NOT NULL,
    first_date   TEXT NOT NULL,
    last_date    TEXT NOT NULL
);
CREATE INDEX account_transaction_counts_user
    ON account_transaction_counts (client_id, user_guid);
INSERT INTO account_transaction_counts
    (account_guid, client_id, user_guid, member_guid, transactions, first_date, last_date)
SELECT account_guid, MIN(client_id), MIN(user_guid), MIN(member_guid), COUNT(*), MIN(date), MAX(date)
FROM transactions GROUP BY account_guid;

CREATE TRIGGER transactions_counted AFTER INSERT ON transactions BEGIN
    INSERT INTO account_transaction_counts
        (account_guid, client_id, user_guid, member_guid, transactions, first_date, last_date)
    VALUES (NEW.account_guid, NEW.client_id, NEW.user_guid, NEW.member_guid, 1, NEW.date, NEW.date)
    ON CONFLICT (account_guid) DO UPDATE SET
        transactions = transactions + 1,
        first_date = MIN(first_date, excluded.first_date),
        last_date = MAX(last_date, excluded.last_date);
END;
CREATE TRIGGER transactions_uncounted AFTER DELETE ON transactions BEGIN
    UPDATE account_transaction_counts SET transactions = transactions - 1
    WHERE account_guid = OLD.account_guid;
END;
CREATE TRIGGER transactions_redated AFTER UPDATE OF date ON transactions
WHEN NEW.date IS NOT OLD.date BEGIN
    UPDATE account_transaction_counts SET
        first_date = MIN(first_date, NEW.date),
        last_date = MAX(last_date, NEW.date)
    WHERE account_guid = NEW.account_guid;
END;
