-- A session whose browser never comes back is swept at its expiry: its registry row goes and, through SessionEnded,
-- its read row with its token. The registry keeps each session's expiry, and its token sealed with its user's data
-- key (shredded with the user) for the event. Sessions started before this migration, or by an instance of the
-- version before during a rolling deploy, have neither and are not swept until their next extension by this
-- version gives them both; a session an instance of the version before extends keeps its old expiry here, and
-- may be swept at it.
ALTER TABLE session_registry ADD COLUMN expires_at TIMESTAMPTZ, ADD COLUMN sealed_token TEXT;
CREATE INDEX session_registry_expiry_idx ON session_registry (expires_at) WHERE expires_at IS NOT NULL;
