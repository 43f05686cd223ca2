-- The read model: the seed's nine tables (docs: ../shared/seed, "Schema Definitions"), exactly as its
-- Drizzle schema declares them, with the "Current Indexes", the dev_pairings indexes of its Drizzle code,
-- and the items it lists as future work (check constraints, full-text search column).
-- Timestamps are `timestamp without time zone` holding UTC; the cluster and every session run in UTC.

CREATE TABLE users (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT,
    email          TEXT NOT NULL,
    email_verified TIMESTAMP,
    image          TEXT,
    created_at     TIMESTAMP DEFAULT now() NOT NULL,
    updated_at     TIMESTAMP DEFAULT now() NOT NULL,
    CONSTRAINT users_email_unique UNIQUE (email)
);

CREATE TABLE accounts (
    user_id             TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type                TEXT NOT NULL,
    provider            TEXT NOT NULL,
    provider_account_id TEXT NOT NULL,
    refresh_token       TEXT,
    access_token        TEXT,
    expires_at          INTEGER,
    token_type          TEXT,
    scope               TEXT,
    id_token            TEXT,
    session_state       TEXT,
    CONSTRAINT accounts_provider_provider_account_id_pk PRIMARY KEY (provider, provider_account_id)
);

CREATE TABLE sessions (
    session_token TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires       TIMESTAMP NOT NULL
);

CREATE TABLE verification_tokens (
    identifier TEXT NOT NULL,
    token      TEXT NOT NULL,
    expires    TIMESTAMP NOT NULL,
    CONSTRAINT verification_tokens_identifier_token_pk PRIMARY KEY (identifier, token)
);

CREATE TABLE ideas (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    notes           TEXT,
    position        INTEGER NOT NULL,
    starred         BOOLEAN DEFAULT false NOT NULL,
    super_starred   BOOLEAN DEFAULT false NOT NULL,
    github_url      TEXT,
    link_label      TEXT,
    deleted_at      TIMESTAMP,
    undo_token      TEXT,
    undo_expires_at TIMESTAMP,
    created_at      TIMESTAMP DEFAULT now() NOT NULL,
    updated_at      TIMESTAMP DEFAULT now() NOT NULL,
    search_vector   TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(notes, '')), 'B')
    ) STORED,
    CONSTRAINT ideas_position_check CHECK (position >= 0)
);

CREATE INDEX ideas_user_id_idx ON ideas (user_id);
CREATE INDEX ideas_position_idx ON ideas (user_id, position);
CREATE INDEX ideas_starred_idx ON ideas (user_id, starred) WHERE starred = true;
CREATE INDEX ideas_deleted_at_idx ON ideas (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX ideas_search_vector_idx ON ideas USING GIN (search_vector);

CREATE TABLE idea_features (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    idea_id         UUID NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    notes           TEXT,
    detail          TEXT,
    detail_sections JSONB,
    position        INTEGER NOT NULL,
    starred         BOOLEAN DEFAULT false NOT NULL,
    completed_at    TIMESTAMP,
    created_at      TIMESTAMP DEFAULT now() NOT NULL,
    updated_at      TIMESTAMP DEFAULT now() NOT NULL
);

CREATE INDEX idea_features_idea_id_idx ON idea_features (idea_id);
CREATE INDEX idea_features_position_idx ON idea_features (idea_id, position);

CREATE TABLE dev_jobs (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    idea_id      UUID NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    command      TEXT NOT NULL,
    cwd          TEXT,
    status       TEXT NOT NULL DEFAULT 'pending',
    started_at   TIMESTAMP,
    completed_at TIMESTAMP,
    exit_code    INTEGER,
    created_at   TIMESTAMP DEFAULT now() NOT NULL,
    updated_at   TIMESTAMP DEFAULT now() NOT NULL,
    CONSTRAINT dev_jobs_status_check CHECK (status IN ('pending', 'running', 'completed', 'failed'))
);

CREATE INDEX dev_jobs_idea_id_idx ON dev_jobs (idea_id);
CREATE INDEX dev_jobs_user_id_idx ON dev_jobs (user_id);
CREATE INDEX dev_jobs_status_idx ON dev_jobs (status);

CREATE TABLE dev_logs (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id     UUID NOT NULL REFERENCES dev_jobs (id) ON DELETE CASCADE,
    level      TEXT NOT NULL,
    message    TEXT NOT NULL,
    timestamp  TIMESTAMP NOT NULL,
    created_at TIMESTAMP DEFAULT now() NOT NULL
);

CREATE INDEX dev_logs_job_id_idx ON dev_logs (job_id);
CREATE INDEX dev_logs_timestamp_idx ON dev_logs (job_id, timestamp);

CREATE TABLE dev_pairings (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    pairing_code   TEXT NOT NULL,
    pairing_jti    TEXT NOT NULL,
    approved_at    TIMESTAMP,
    expires_at     TIMESTAMP NOT NULL,
    runner_type    TEXT,
    runner_version TEXT,
    hostname       TEXT,
    created_at     TIMESTAMP DEFAULT now() NOT NULL,
    CONSTRAINT dev_pairings_pairing_code_unique UNIQUE (pairing_code),
    CONSTRAINT dev_pairings_pairing_jti_unique UNIQUE (pairing_jti)
);

CREATE INDEX dev_pairings_pairing_code_idx ON dev_pairings (pairing_code);
CREATE INDEX dev_pairings_pairing_jti_idx ON dev_pairings (pairing_jti);
CREATE INDEX dev_pairings_expires_at_idx ON dev_pairings (expires_at);

-- Full before-images for change data capture: updates and deletes of ideas and features carry every
-- column, so no unavailable-TOAST placeholder ever reaches Kafka (ARCHITECTURE.md decision 8).
ALTER TABLE ideas REPLICA IDENTITY FULL;
ALTER TABLE idea_features REPLICA IDENTITY FULL;
