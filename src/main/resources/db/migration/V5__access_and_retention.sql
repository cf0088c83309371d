-- The app that created each screening: apps read only their own (auditors read all).
ALTER TABLE screening ADD COLUMN app_id VARCHAR(200);
CREATE INDEX screening_app_idx ON screening (app_id, created_at, id);

-- When the note and headline texts were erased (retention or an erasure request); the
-- fingerprint, facts, score, verdict and reasons stay.
ALTER TABLE screening ADD COLUMN note_erased_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX screening_retention_idx ON screening (note_erased_at, created_at);
