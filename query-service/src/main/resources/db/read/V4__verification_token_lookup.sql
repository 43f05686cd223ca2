-- A used verification token is found by its id, a hash of its identifier and token (the command side's
-- VerificationToken.idOf). Computed per row without an index, every use hashed the whole table on the read
-- model's one projection thread, and requests for sign-in links can make that table large. A database's
-- encoding never changes, so the conversion is fixed and the function immutable, as an index needs.
CREATE FUNCTION verification_token_id(identifier TEXT, token TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT 'verification:' || encode(sha256(convert_to(identifier || E'\n' || token, 'UTF8')), 'hex') $$;

CREATE INDEX verification_tokens_id_idx ON verification_tokens (verification_token_id(identifier, token));

-- A user's new email or deletion voids the tokens sent to their email, in any letter case.
CREATE INDEX verification_tokens_identifier_lower_idx ON verification_tokens (lower(identifier));
