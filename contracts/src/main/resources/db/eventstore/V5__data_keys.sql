-- One version sequence with the command side's db/command migrations (V2-V4, V6): both run in the
-- command-service's Flyway history; the query-service's tests apply this folder alone.
-- Per-subject data keys (AES-256, wrapped with the master key). Personal data and secrets in events are
-- sealed with them; destroying a key (wrapped_key NULL, destroyed_at set) erases what it sealed for good.
CREATE TABLE data_keys (
    subject      TEXT PRIMARY KEY,
    wrapped_key  BYTEA,
    created_at   TIMESTAMP NOT NULL DEFAULT now(),
    destroyed_at TIMESTAMP,
    CONSTRAINT data_keys_destroyed_has_no_key CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);
