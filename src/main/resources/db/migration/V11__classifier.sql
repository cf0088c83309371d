-- The note classifier's counts, learnt from feedback: per scope (an app's id, or the empty string
-- for the model all apps share), how many notes of each class it learnt from, and in how many of
-- them each token appeared. Written to run unchanged on H2 and PostgreSQL.
CREATE TABLE classifier_scope (
    scope        VARCHAR(200)             NOT NULL PRIMARY KEY,
    inauthentic  BIGINT                   NOT NULL,
    genuine      BIGINT                   NOT NULL,
    changed_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE classifier_token (
    scope        VARCHAR(200) NOT NULL,
    token        VARCHAR(64)  NOT NULL,
    inauthentic  BIGINT       NOT NULL,
    genuine      BIGINT       NOT NULL,
    PRIMARY KEY (scope, token)
);
