-- Nothing changes here: PostgreSQL already keeps the per-account transaction counts
-- with a statement-level trigger (0014). The file keeps the two trees in step; on
-- SQLite this migration moves the counting from a row trigger into the statements.
SELECT 1;
