-- The auth adapter looks a user up by email in any letter case, as the command side keeps emails unique:
-- Auth.js asks with the address as typed at sign-in.
CREATE INDEX users_email_lower_idx ON users (lower(email));
