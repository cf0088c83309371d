-- Screenings: one evaluation of one connection request, as it was answered.
-- Written to run unchanged on H2 and PostgreSQL.
CREATE TABLE screening (
    id                      UUID                     NOT NULL PRIMARY KEY,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    message                 VARCHAR(5000),
    mutual_connections      BIGINT                   NOT NULL,
    requester_network_size  BIGINT                   NOT NULL,
    requester_id            VARCHAR(128),
    requester_headline      VARCHAR(300),
    recipient_id            VARCHAR(128),
    known_to_recipient      BOOLEAN                  NOT NULL,
    score                   INTEGER                  NOT NULL,
    verdict                 VARCHAR(7)               NOT NULL,
    ruleset_version         BIGINT                   NOT NULL,
    CONSTRAINT screening_score_range CHECK (score BETWEEN 0 AND 100),
    CONSTRAINT screening_verdict_known CHECK (verdict IN ('ACCEPT', 'REVIEW', 'DECLINE'))
);

CREATE INDEX screening_created_idx ON screening (created_at, id);

-- The rules that fired, in the order the caller saw them (largest effect first).
CREATE TABLE screening_reason (
    screening_id  UUID          NOT NULL REFERENCES screening (id) ON DELETE CASCADE,
    position      INTEGER       NOT NULL,
    rule_id       VARCHAR(64)   NOT NULL,
    points        INTEGER       NOT NULL,
    action        VARCHAR(7),
    explanation   VARCHAR(2000) NOT NULL,
    PRIMARY KEY (screening_id, position)
);

CREATE INDEX screening_reason_rule_idx ON screening_reason (rule_id);
