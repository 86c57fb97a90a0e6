-- The per-account transaction counts (0014) are kept by the statements that insert
-- transactions (sqlite/ingest.rs: one upsert per account per statement) instead of a
-- trigger run for every inserted row, which cost a third of an insert's time. The
-- delete and re-date triggers stay: those paths write a row at a time.
DROP TRIGGER transactions_counted;
