-- Set-based rules an aggregate cannot check alone: which users exist, and one user per email
-- (case-insensitive). Written in the same transaction that appends the UserRegistered event.
CREATE TABLE user_registry (
    user_id TEXT PRIMARY KEY,
    email   TEXT NOT NULL UNIQUE
);
