-- The registries of the Auth.js records keep hashes only: an email, a provider account or a session token
-- is found by its SHA-256, never stored in clear beside the event store.
ALTER TABLE user_registry RENAME COLUMN email TO email_hash;
UPDATE user_registry SET email_hash = encode(sha256(convert_to(email_hash, 'UTF8')), 'hex');

-- One account per provider + providerAccountId, whoever links it.
CREATE TABLE account_registry (
    account_hash TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL
);
CREATE INDEX account_registry_user_idx ON account_registry (user_id);

-- One session per token; which user's aggregate a session command goes to.
CREATE TABLE session_registry (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL
);
CREATE INDEX session_registry_user_idx ON session_registry (user_id);

-- Verification tokens not used yet, by the hash of their identifier: deleting the user with that email
-- destroys their data keys too.
CREATE TABLE verification_registry (
    token_id        TEXT PRIMARY KEY,
    identifier_hash TEXT NOT NULL
);
CREATE INDEX verification_registry_identifier_idx ON verification_registry (identifier_hash);
