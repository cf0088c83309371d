-- Backtests: a draft ruleset replayed on stored screenings, as a background job whose state any
-- instance can read. Written to run unchanged on H2 and PostgreSQL.
CREATE TABLE backtest (
    id                UUID                     NOT NULL PRIMARY KEY,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    requested_by      VARCHAR(200)             NOT NULL,
    state             VARCHAR(9)               NOT NULL,
    -- What to replay and on which traffic, as the request gave it (JSON).
    request           VARCHAR(1000000)         NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE,
    -- The instance working on it writes this every few seconds; a backtest whose instance stopped
    -- writing it is failed by any other.
    heartbeat_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    total             BIGINT,
    processed         BIGINT                   NOT NULL,
    cancel_requested  BOOLEAN                  NOT NULL,
    failure           VARCHAR(500),
    -- The results when done (JSON).
    result            VARCHAR(1000000),
    CONSTRAINT backtest_state_known CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED'))
);

CREATE INDEX backtest_state_idx ON backtest (state, heartbeat_at);
CREATE INDEX backtest_created_idx ON backtest (created_at, id);
