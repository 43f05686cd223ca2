-- Axon's tracking tokens live beside the read tables, so a batch of projected rows and the processor's
-- position commit in one transaction (ARCHITECTURE.md decision 4).
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    time_stamp     VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);
