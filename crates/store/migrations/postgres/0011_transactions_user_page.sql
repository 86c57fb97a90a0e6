-- The transactions page of a user (newest first within a date window) and its total
-- come from this index: the count reads the index only (with the visibility map), and
-- the page reads it in order and stops after one page. seq ends each entry, as the
-- rowid does on SQLite. It replaces transactions_user_date.
CREATE INDEX transactions_user_page ON transactions (client_id, user_guid, date, transacted_at, seq);
DROP INDEX transactions_user_date;
