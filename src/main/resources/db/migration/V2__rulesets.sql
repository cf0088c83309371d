-- Ruleset versions: every change to the rules or thresholds makes a new, immutable row.
-- The version in force is the highest. The primary key makes concurrent changes from the same
-- base version collide, so one of them is refused instead of silently overwriting the other.
CREATE TABLE ruleset_version (
    version            BIGINT                   NOT NULL PRIMARY KEY,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    author             VARCHAR(200)             NOT NULL,
    change_summary     VARCHAR(300)             NOT NULL,
    change_comment     VARCHAR(1000),
    accept_threshold   INTEGER                  NOT NULL,
    decline_threshold  INTEGER                  NOT NULL,
    rules              VARCHAR(1000000)         NOT NULL,
    CONSTRAINT ruleset_version_positive CHECK (version > 0),
    CONSTRAINT ruleset_thresholds CHECK (decline_threshold BETWEEN 0 AND 100
        AND accept_threshold BETWEEN 0 AND 100 AND decline_threshold <= accept_threshold)
);
