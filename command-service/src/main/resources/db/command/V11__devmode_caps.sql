-- What one user may have open at once in Dev Mode, counted under a lock on their user_registry row, so that every
-- instance counts the same: pairings not revoked that are approved or may still be (expires_at, from now on
-- written when a pairing starts; a pending pairing from before this migration counts as expired), and running
-- jobs, whose leases say which.
ALTER TABLE pairing_registry ADD COLUMN expires_at TIMESTAMPTZ;
CREATE INDEX pairing_registry_user_id_idx ON pairing_registry (user_id);
CREATE INDEX job_leases_user_id_idx ON job_leases (user_id);
