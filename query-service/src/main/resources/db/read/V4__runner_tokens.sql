-- The newest runner token of each pairing, by its id (the token's jti, never the token): a runner that lost the
-- answer to its poll collects a new token, and the query side then refuses the one before, as the command side
-- does. Not one of the seed's tables and not published; it goes with its pairing (revoked or its user deleted).
CREATE TABLE runner_tokens (
    pairing_id UUID PRIMARY KEY REFERENCES dev_pairings (id) ON DELETE CASCADE,
    token_id   TEXT NOT NULL
);
