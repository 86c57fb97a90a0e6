-- The transactions page of a user (newest first within a date window) and its total
-- come from this index alone: the count never reads the table, and the page reads it
-- in order (seq, the rowid, ends every index entry) and stops after one page. It
-- replaces transactions_user_date, whose count looked up every row for client_id.
CREATE INDEX transactions_user_page ON transactions (client_id, user_guid, date, transacted_at);
DROP INDEX transactions_user_date;
