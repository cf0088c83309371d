-- Bulk trainings of the note classifier from labelled examples: one row an upload, its progress
-- while it is read (written every few seconds, so any instance can show it) and what it learnt.
-- The counts it learnt are written with its DONE state in one transaction. Written to run
-- unchanged on H2 and PostgreSQL.
CREATE TABLE classifier_training (
    id             UUID                     NOT NULL PRIMARY KEY,
    scope          VARCHAR(200)             NOT NULL,
    requested_by   VARCHAR(200)             NOT NULL,
    state          VARCHAR(7)               NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The upload's announced length, when it was announced.
    bytes_total    BIGINT,
    bytes_read     BIGINT                   NOT NULL,
    examples_read  BIGINT                   NOT NULL,
    inauthentic    BIGINT                   NOT NULL,
    genuine        BIGINT                   NOT NULL,
    skipped        BIGINT                   NOT NULL,
    failure        VARCHAR(500),
    CONSTRAINT classifier_training_state_known CHECK (state IN ('RUNNING', 'DONE', 'FAILED'))
);

CREATE INDEX classifier_training_scope_idx ON classifier_training (scope, started_at);
