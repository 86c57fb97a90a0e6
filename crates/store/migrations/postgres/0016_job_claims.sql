-- How many times a worker claimed the job: 1 for a job run once; a job taken over
-- from a dead instance (its lease expired) counts each claim. MFA answers are a claim
-- of their own.
ALTER TABLE jobs ADD COLUMN claims BIGINT NOT NULL DEFAULT 0;
