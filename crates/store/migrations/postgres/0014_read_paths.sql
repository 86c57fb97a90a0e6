-- Cheap reads on hot paths (mirrors the SQLite migration of the same number).
--
-- 1. API keys. Servers remember verified keys in memory; before trusting what they
--    remember, a request reads this one-row generation, which any change to
--    api_clients (revocation, deletion, a new key hash) moves on, in the same
--    transaction, whichever instance made it.
CREATE TABLE api_client_generation (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO api_client_generation (id, generation) VALUES (1, 1);
CREATE FUNCTION api_client_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE api_client_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
END $$;
CREATE TRIGGER api_clients_changed AFTER UPDATE OR DELETE ON api_clients
    FOR EACH STATEMENT EXECUTE FUNCTION api_client_generation_bump();

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
    transactions BIGINT NOT NULL,
    first_date   DATE NOT NULL,
    last_date    DATE NOT NULL
);
CREATE INDEX account_transaction_counts_user
    ON account_transaction_counts (client_id, user_guid);
INSERT INTO account_transaction_counts
    (account_guid, client_id, user_guid, member_guid, transactions, first_date, last_date)
SELECT account_guid, MIN(client_id), MIN(user_guid), MIN(member_guid), COUNT(*), MIN(date), MAX(date)
FROM transactions GROUP BY account_guid;

-- Statement-level: a batch upsert of many rows updates each account's count once.
CREATE FUNCTION transactions_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO account_transaction_counts AS c
        (account_guid, client_id, user_guid, member_guid, transactions, first_date, last_date)
    SELECT account_guid, MIN(client_id), MIN(user_guid), MIN(member_guid), COUNT(*),
           MIN(date), MAX(date)
    FROM inserted GROUP BY account_guid ORDER BY account_guid
    ON CONFLICT (account_guid) DO UPDATE SET
        transactions = c.transactions + excluded.transactions,
        first_date = LEAST(c.first_date, excluded.first_date),
        last_date = GREATEST(c.last_date, excluded.last_date);
    RETURN NULL;
END $$;
CREATE TRIGGER transactions_counted AFTER INSERT ON transactions
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION transactions_count_inserted();

CREATE FUNCTION transactions_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE account_transaction_counts c SET transactions = c.transactions - d.n
    FROM (SELECT account_guid, COUNT(*) AS n FROM deleted GROUP BY account_guid) d
    WHERE c.account_guid = d.account_guid;
    RETURN NULL;
END $$;
CREATE TRIGGER transactions_uncounted AFTER DELETE ON transactions
    REFERENCING OLD TABLE AS deleted
    FOR EACH STATEMENT EXECUTE FUNCTION transactions_count_deleted();

CREATE FUNCTION transactions_count_redated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE account_transaction_counts SET
        first_date = LEAST(first_date, NEW.date),
        last_date = GREATEST(last_date, NEW.date)
    WHERE account_guid = NEW.account_guid;
    RETURN NULL;
END $$;
CREATE TRIGGER transactions_redated AFTER UPDATE OF date ON transactions
    FOR EACH ROW WHEN (NEW.date IS DISTINCT FROM OLD.date)
    EXECUTE FUNCTION transactions_count_redated();
