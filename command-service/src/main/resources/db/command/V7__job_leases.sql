-- Running jobs and until when their runner holds them: granted when the job starts, renewed by the runner's
-- heartbeats, dropped when the job ends. Written in the transactions of the job's commands, read by the sweeper,
-- which ends a job whose lease ran out (its runner crashed, was killed or cut off).
CREATE TABLE job_leases (
    job_id     UUID PRIMARY KEY,
    user_id    TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX job_leases_expires_at_idx ON job_leases (expires_at);
