-- A verification token that expires unused is swept at its expiry: its data key is destroyed, so the address it
-- was sent to does not stay readable in the event store for good. Tokens issued before this migration are due at
-- once; the sweep moves each one that has not expired yet to its own expiry, which its aggregate knows.
ALTER TABLE verification_registry ADD COLUMN sweep_at TIMESTAMPTZ;
UPDATE verification_registry SET sweep_at = now();
ALTER TABLE verification_registry ALTER COLUMN sweep_at SET NOT NULL;
CREATE INDEX verification_registry_sweep_idx ON verification_registry (sweep_at);
