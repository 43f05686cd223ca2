-- Updates of dev_jobs (started, finished) and users (a new name or image) leave their long text columns alone:
-- a job's command (up to 10,000 characters) and cwd, a user's image URL. PostgreSQL keeps such a value out of
-- line once the row is large, and logical decoding then sends an unchanged one as "unchanged TOAST", which
-- Debezium publishes as a placeholder in the update's after image; on a compacted topic the placeholder is what
-- stays. With the full row as replica identity every update carries every column, as on ideas and idea_features.
ALTER TABLE dev_jobs REPLICA IDENTITY FULL;
ALTER TABLE users REPLICA IDENTITY FULL;
