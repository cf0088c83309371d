-- Idempotency keys: a retry with the same key and body gets the original result. The primary key
-- holds across instances: of several concurrent requests with one key, exactly one does the work.
CREATE TABLE idempotency_key (
    scope         VARCHAR(200) NOT NULL,
    idem_key      VARCHAR(200) NOT NULL,
    request_hash  VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    status        INTEGER      NOT NULL,
    resource_id   VARCHAR(64)  NOT NULL,
    PRIMARY KEY (scope, idem_key)
);

CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
