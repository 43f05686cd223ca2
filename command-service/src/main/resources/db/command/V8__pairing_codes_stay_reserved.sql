-- A pairing code's hash stays in the registry once the code is spent (approved or revoked), so that no later
-- pairing is given the same code: the read model keeps each pairing's code hash under a unique key for as long
-- as the pairing exists, and a code given twice would stop its projection. Spent codes no longer find their
-- pairing. Codes spent before this migration were cleared and cannot be reserved again.
ALTER TABLE pairing_registry ADD COLUMN code_spent BOOLEAN NOT NULL DEFAULT false;
