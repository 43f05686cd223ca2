-- Deleted ideas waiting for their undo window to pass. Written in the transaction that appends the
-- IdeaDeleted (IdeaRestored, IdeaPurged) event, read by the purger, which survives restarts.
CREATE TABLE idea_purge_schedule (
    idea_id UUID PRIMARY KEY,
    user_id TEXT NOT NULL,
    due_at  TIMESTAMPTZ NOT NULL
);

CREATE INDEX idea_purge_schedule_due_at_idx ON idea_purge_schedule (due_at);
