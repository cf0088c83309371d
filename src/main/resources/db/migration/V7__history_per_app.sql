-- History is per app: requester ids are each app's own, so every history query and every
-- requester lock is of one (app, requester). Written to run unchanged on H2 and PostgreSQL.

-- Requests by a requester of an app in a window, with their verdicts (the declined share).
CREATE INDEX screening_app_requester_idx ON screening (app_id, requester_id, created_at, verdict);

-- Distinct recipients of one note from one requester of an app in a window.
CREATE INDEX screening_app_fingerprint_idx
    ON screening (app_id, requester_id, note_fingerprint, created_at, recipient_id);

-- The per-app indexes serve every history query; the old ones would only cost each screening
-- two more index writes.
DROP INDEX screening_requester_idx;
DROP INDEX screening_fingerprint_idx;

-- Lock rows hold no data (a row is created the first time a requester is seen): the table is
-- made again with the app in its key.
DROP TABLE requester_lock;
CREATE TABLE requester_lock (
    app_id        VARCHAR(200) NOT NULL,
    requester_id  VARCHAR(128) NOT NULL,
    PRIMARY KEY (app_id, requester_id)
);
