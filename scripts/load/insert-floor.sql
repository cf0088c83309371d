-- The insert floor of scripts/load.sh on PostgreSQL, run by pgbench (-M prepared): what storing one
-- screening costs the database at the least. One transaction with the rows the service writes for
-- a screening, into tables made by the service's own migrations (same columns, same indexes): the
-- screening row, with a note of 110 characters (the average the load test sends), a headline, a
-- 32-character note fingerprint and the facts as JSON (590 characters, as stored), and three
-- reasons (3.1 fire on average), in one statement. (The JSON is written with = for : because
-- pgbench reads :name as a variable.)
\set requester random(1, 100000)
\set recipient random(1, 200000)
WITH s AS (
  INSERT INTO screening (id, created_at, message, mutual_connections, requester_network_size, requester_id,
      requester_headline, recipient_id, known_to_recipient, score, verdict, ruleset_version, note_fingerprint, facts)
  VALUES (gen_random_uuid(), now(),
      'Hello, I am a data engineer in Gdansk. I read your article on event sourcing and would like to connect to learn.',
      3, 350, 'member-' || :requester, 'Data engineer at a logistics company', 'member-' || :recipient, false, 65,
      'ACCEPT', 1, md5('note-' || :requester),
      translate('{"mutualConnections"=3,"requesterNetworkSize"=350,"knownToRecipient"=false,"hasRequesterId"=true,"hasNote"=true,"wordCount"=22,"linkCount"=0,"capsShare"=0.05194805194805195,"exclamationCount"=0,"moneyAmountCount"=0,"longNumberCount"=0,"introducesSender"=true,"givesReason"=true,"mentionsRecipientWork"=true,"flattersLooks"=false,"stockTemplate"=false,"networkerTalk"=false,"salesPitch"=false,"moneyTalk"=false,"headlineNetworker"=false,"requesterRequestsLastHour"=0,"requesterRequestsLastDay"=0,"requesterScreeningsLast7Days"=0,"requesterDeclinedShare"=0.0,"sameNoteRecipientsLast7Days"=0}', '=', chr(58)))
  RETURNING id)
INSERT INTO screening_reason (screening_id, position, rule_id, points, action, explanation)
SELECT s.id, r.position, r.rule_id, r.points, NULL, r.explanation
FROM s, (VALUES
    (0, 'knows-recipient-work', 15, 'The note shows the sender knows the recipient''s work.'),
    (1, 'introduces-sender', 10, 'The note says who the sender is, in their own words.'),
    (2, 'some-mutual-connections', 5, 'The two have 3 connection(s) in common.')) AS r(position, rule_id, points, explanation);
