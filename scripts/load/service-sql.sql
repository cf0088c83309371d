-- What the service asks of PostgreSQL for one screening with a requester id, statement by statement,
-- as pgbench can replay it (pgbench -M prepared -D newshare=PERCENT): to tell what the database
-- part of the current design costs, against the insert floor (insert-floor.sql), without the JVM.
-- Taken from the storage package (JdbcScreeningStore and its dialects), ScreeningService and the SQL Hibernate sends:
--   the pool's validation of the connection it lends (validate-on-borrow: a round trip);
--   SELECT ... FOR UPDATE of the requester's lock row; when there is none (a requester seen for the
--   first time: NEWSHARE percent of requests), a second connection (validated) INSERTs it in its
--   own transaction and commits, and the lock is tried again (replayed here on one connection, the
--   first-seen INSERT and its commit before the main transaction: the same round trips and commits);
--   the two history queries; INSERT of the screening, the batch of its reasons, and an UPDATE of
--   the screening that Hibernate sends at flush because the facts column looks changed; COMMIT.
-- Tables from the service's migrations (scripts/load.sh makes them in bonafide_load_floor).
\set requester random(1, 100000)
\set recipient random(1, 200000)
\set new random(1, 100)
\if :new <= :newshare
SELECT 1;
INSERT INTO requester_lock (requester_id) VALUES ('member-' || :requester) ON CONFLICT DO NOTHING;
\endif
SELECT 1;
BEGIN;
\if :new <= :newshare
SELECT requester_id FROM requester_lock WHERE requester_id = 'nobody-' || :requester FOR UPDATE;
\endif
SELECT requester_id FROM requester_lock WHERE requester_id = 'member-' || :requester FOR UPDATE;
SELECT count(*),
       coalesce(sum(CASE WHEN created_at >= now() - interval '1 hour' THEN 1 ELSE 0 END), 0),
       coalesce(sum(CASE WHEN created_at >= now() - interval '1 day' THEN 1 ELSE 0 END), 0),
       coalesce(sum(CASE WHEN verdict = 'DECLINE' THEN 1 ELSE 0 END), 0)
FROM (SELECT created_at, verdict FROM screening
      WHERE requester_id = 'member-' || :requester AND created_at >= now() - interval '7 days'
      ORDER BY created_at DESC LIMIT 1000) recent;
SELECT count(DISTINCT recipient_id)
FROM (SELECT recipient_id FROM screening
      WHERE requester_id = 'member-' || :requester AND note_fingerprint = md5('note-' || :requester)
        AND created_at >= now() - interval '7 days' AND recipient_id IS NOT NULL
      ORDER BY created_at DESC LIMIT 1000) same
WHERE recipient_id <> 'member-' || :recipient;
INSERT INTO screening (id, created_at, message, mutual_connections, requester_network_size, requester_id,
    requester_headline, recipient_id, known_to_recipient, score, verdict, ruleset_version, note_fingerprint, facts)
VALUES (gen_random_uuid(), now(),
    'Hello, I am a data engineer in Gdansk. I read your article on event sourcing and would like to connect to learn.',
    3, 350, 'member-' || :requester, 'Data engineer at a logistics company', 'member-' || :recipient, false, 65,
    'ACCEPT', 1, md5('note-' || :requester), repeat('x', 590))
RETURNING id AS screening_id \gset
INSERT INTO screening_reason (screening_id, position, rule_id, points, action, explanation) VALUES
    (CAST(:screening_id AS uuid), 0, 'knows-recipient-work', 15, NULL, 'The note shows the sender knows the recipient''s work.'),
    (CAST(:screening_id AS uuid), 1, 'introduces-sender', 10, NULL, 'The note says who the sender is, in their own words.'),
    (CAST(:screening_id AS uuid), 2, 'some-mutual-connections', 5, NULL, 'The two have 3 connection(s) in common.');
UPDATE screening SET created_at = created_at, message = message, mutual_connections = mutual_connections,
    requester_network_size = requester_network_size, requester_id = requester_id, requester_headline = requester_headline,
    recipient_id = recipient_id, known_to_recipient = known_to_recipient, score = score, verdict = verdict,
    ruleset_version = ruleset_version, note_fingerprint = note_fingerprint, facts = facts
WHERE id = CAST(:screening_id AS uuid);
COMMIT;
