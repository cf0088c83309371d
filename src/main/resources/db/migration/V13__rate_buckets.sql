-- Fair-use token buckets shared by every instance (bonafide.rate-limit.shared): one row per app,
-- its state as Bucket4j serialises it, and when the row may be removed (epoch milliseconds: by then
-- the bucket has refilled, and a new one is the same). Written to run unchanged on H2 and
-- PostgreSQL; only PostgreSQL uses it.
CREATE TABLE rate_bucket (
    id          VARCHAR(200) NOT NULL PRIMARY KEY,
    state       BYTEA,
    expires_at  BIGINT
);

CREATE INDEX rate_bucket_expires_idx ON rate_bucket (expires_at);
