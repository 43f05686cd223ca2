-- Runner pairings as the command side needs to find them: by the hash of the code a runner types, by the
-- hash of the JTI it polls with, and whether the runner token of a pairing is still valid. Written in the
-- transactions that append the pairing's events. Only hashes: codes, JTIs and tokens never rest here.
CREATE TABLE pairing_registry (
    pairing_id UUID PRIMARY KEY,
    user_id    TEXT NOT NULL,
    code_hash  TEXT UNIQUE,
    jti_hash   TEXT UNIQUE,
    token_id   TEXT,
    revoked    BOOLEAN NOT NULL DEFAULT false
);
