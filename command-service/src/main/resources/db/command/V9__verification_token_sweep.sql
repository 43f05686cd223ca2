-- A verification token that expires unused is swept at its expiry: its data key is destroyed, so the address it
-- was sent to does not stay readable in the event store for good. Tokens issued before this migration, and by an
-- instance of the version before during a rolling deploy, are due at once (the default); the sweep moves each
-- one that has not expired yet to its own expiry, which its aggregate knows.
ALTER TABLE verification_registry ADD COLUMN sweep_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX verification_registry_sweep_idx ON verification_registry (sweep_at);
