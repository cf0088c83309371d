-- Feedback: what the recipient finally did about each screened request, and every change of it.
-- Statistics: counts kept up to date in the same transaction as the screenings and the feedback
-- they count, by hour. Written to run unchanged on H2 and PostgreSQL.

-- The outcome in force for a screening (at most one). The requester and the screening's time are
-- copied here so that history counts (reports and acceptances of a requester in 30 days) read one index.
CREATE TABLE screening_feedback (
    screening_id          UUID                     NOT NULL PRIMARY KEY REFERENCES screening (id) ON DELETE CASCADE,
    app_id                VARCHAR(200)             NOT NULL,
    requester_id          VARCHAR(128),
    screening_created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome               VARCHAR(8)               NOT NULL,
    report_reason         VARCHAR(16),
    occurred_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_by           VARCHAR(200)             NOT NULL,
    changes               INTEGER                  NOT NULL,
    CONSTRAINT screening_feedback_outcome_known CHECK (outcome IN ('ACCEPTED', 'IGNORED', 'REPORTED'))
);

CREATE INDEX screening_feedback_requester_idx
    ON screening_feedback (app_id, requester_id, screening_created_at, outcome);

-- Every outcome recorded for a screening, in order: the first has no from_outcome.
CREATE TABLE screening_feedback_change (
    screening_id  UUID                     NOT NULL REFERENCES screening (id) ON DELETE CASCADE,
    position      INTEGER                  NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by    VARCHAR(200)             NOT NULL,
    from_outcome  VARCHAR(8),
    from_reason   VARCHAR(16),
    to_outcome    VARCHAR(8)               NOT NULL,
    to_reason     VARCHAR(16),
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (screening_id, position)
);

-- Screenings by app, hour, ruleset version and verdict. Each writer adds to its own shard, so
-- parallel transactions do not wait for each other on one row; readers add the shards up.
CREATE TABLE stats_verdict (
    app_id           VARCHAR(200)             NOT NULL,
    bucket_hour      TIMESTAMP WITH TIME ZONE NOT NULL,
    ruleset_version  BIGINT                   NOT NULL,
    verdict          VARCHAR(7)               NOT NULL,
    shard            INTEGER                  NOT NULL,
    screenings       BIGINT                   NOT NULL,
    PRIMARY KEY (app_id, bucket_hour, ruleset_version, verdict, shard)
);

-- Screenings in which a rule fired, by app, hour, ruleset version and rule.
CREATE TABLE stats_rule (
    app_id           VARCHAR(200)             NOT NULL,
    bucket_hour      TIMESTAMP WITH TIME ZONE NOT NULL,
    ruleset_version  BIGINT                   NOT NULL,
    rule_id          VARCHAR(64)              NOT NULL,
    shard            INTEGER                  NOT NULL,
    fired            BIGINT                   NOT NULL,
    PRIMARY KEY (app_id, bucket_hour, ruleset_version, rule_id, shard)
);

-- Outcomes in force, by the screening's app, hour, ruleset version and verdict.
CREATE TABLE stats_outcome (
    app_id           VARCHAR(200)             NOT NULL,
    bucket_hour      TIMESTAMP WITH TIME ZONE NOT NULL,
    ruleset_version  BIGINT                   NOT NULL,
    verdict          VARCHAR(7)               NOT NULL,
    outcome          VARCHAR(8)               NOT NULL,
    labels           BIGINT                   NOT NULL,
    PRIMARY KEY (app_id, bucket_hour, ruleset_version, verdict, outcome)
);

-- Outcomes in force of the screenings in which a rule fired.
CREATE TABLE stats_rule_outcome (
    app_id           VARCHAR(200)             NOT NULL,
    bucket_hour      TIMESTAMP WITH TIME ZONE NOT NULL,
    ruleset_version  BIGINT                   NOT NULL,
    rule_id          VARCHAR(64)              NOT NULL,
    outcome          VARCHAR(8)               NOT NULL,
    labels           BIGINT                   NOT NULL,
    PRIMARY KEY (app_id, bucket_hour, ruleset_version, rule_id, outcome)
);

-- Screenings stored before this version are counted once, here (shard 0). Screenings without an
-- app id (stored before apps were recorded) count under the empty app id, which only auditors see.
INSERT INTO stats_verdict (app_id, bucket_hour, ruleset_version, verdict, shard, screenings)
SELECT coalesce(app_id, ''), date_trunc('hour', created_at), ruleset_version, verdict, 0, count(*)
FROM screening
GROUP BY coalesce(app_id, ''), date_trunc('hour', created_at), ruleset_version, verdict;

INSERT INTO stats_rule (app_id, bucket_hour, ruleset_version, rule_id, shard, fired)
SELECT coalesce(s.app_id, ''), date_trunc('hour', s.created_at), s.ruleset_version, r.rule_id, 0, count(DISTINCT s.id)
FROM screening s JOIN screening_reason r ON r.screening_id = s.id
GROUP BY coalesce(s.app_id, ''), date_trunc('hour', s.created_at), s.ruleset_version, r.rule_id;
