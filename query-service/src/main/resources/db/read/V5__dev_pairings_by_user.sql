-- GET /pairings lists a user's pairings, newest first, and deleting a user cascades to theirs: without an
-- index on user_id both read the whole table, every user's pairings.
CREATE INDEX dev_pairings_user_id_created_at_idx ON dev_pairings (user_id, created_at DESC);
