package dev.bonafide.storage;

import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.screening.FactsConverter;
import dev.bonafide.screening.Screening;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import javax.sql.DataSource;

/**
 * The screening store on PostgreSQL: the locks of all requesters of a batch are one statement, and
 * so are the history counts of all its screenings, whatever the size of the batch.
 */
public final class PostgresScreeningStore extends JdbcScreeningStore {

    /**
     * Generic plans for this transaction's statements. Their parameters are arrays, whose length a
     * generic plan cannot know, so PostgreSQL would otherwise judge a custom plan cheaper and plan
     * the history and insert statements again on every batch: measured at 0.56 ms of planning
     * against 0.18 ms of execution for the history of four screenings, and 0.03 ms with the
     * generic plan (docs/benchmarks.md). {@code SET LOCAL} ends with the transaction, so the pooled
     * connection goes back as it came. It leads the transaction's first statement (the lock, or
     * the insert of a batch without requesters) in the same message, so that it costs no round trip
     * of its own; the insert repeats it, which costs nothing measurable, so that a batch without
     * requesters needs no other statement to set it.
     */
    static final String GENERIC_PLANS = "SET LOCAL plan_cache_mode = force_generic_plan;\n";

    /**
     * Every screening of a batch at once. Parameters: arrays of apps, requesters, fingerprints and
     * recipients (one element a screening), then an hour, a day and a week ago, a week ago, and 30 days ago.
     */
    static final String BATCH_HISTORY = """
            SELECT q.ord, r.week, r.hour, r.day, r.declined, s.same, f.reported, f.accepted
            FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                WITH ORDINALITY AS q(app_id, requester_id, fingerprint, recipient_id, ord)
            CROSS JOIN LATERAL (
                SELECT count(*) AS week,
                       coalesce(sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0) AS hour,
                       coalesce(sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0) AS day,
                       coalesce(sum(CASE WHEN verdict = 'DECLINE' THEN 1 ELSE 0 END), 0) AS declined
                FROM (SELECT created_at, verdict FROM screening
                      WHERE app_id = q.app_id AND requester_id = q.requester_id AND created_at >= ?
                      ORDER BY created_at DESC
                      LIMIT %1$d) recent) r
            CROSS JOIN LATERAL (
                SELECT count(DISTINCT recipient_id) AS same
                FROM (SELECT recipient_id FROM screening
                      WHERE app_id = q.app_id AND requester_id = q.requester_id AND note_fingerprint = q.fingerprint
                        AND created_at >= ? AND recipient_id IS NOT NULL
                      ORDER BY created_at DESC
                      LIMIT %1$d) copies
                WHERE q.recipient_id IS NULL OR recipient_id <> q.recipient_id) s
            CROSS JOIN LATERAL (
                SELECT coalesce(sum(CASE WHEN outcome = 'REPORTED' THEN 1 ELSE 0 END), 0) AS reported,
                       coalesce(sum(CASE WHEN outcome = 'ACCEPTED' THEN 1 ELSE 0 END), 0) AS accepted
                FROM (SELECT outcome FROM screening_feedback
                      WHERE app_id = q.app_id AND requester_id = q.requester_id AND screening_created_at >= ?
                        AND outcome <> 'IGNORED'
                      ORDER BY screening_created_at DESC
                      LIMIT %1$d) labelled) f
            """.formatted(HistoryFacts.COUNT_CAP);

    /**
     * Creates missing rows of (app, requester) and locks all of them, in key order, in one
     * statement. Rows that exist are locked without being updated ({@code WHERE false}).
     */
    static final String BATCH_LOCK = GENERIC_PLANS + """
            INSERT INTO requester_lock (app_id, requester_id)
            SELECT app, id FROM unnest(?::varchar[], ?::varchar[]) AS requester(app, id) ORDER BY app, id
            ON CONFLICT (app_id, requester_id) DO UPDATE SET requester_id = EXCLUDED.requester_id WHERE false
            """;

    /**
     * A batch's screenings, their reasons and what they add to the two statistics tables, in one
     * statement: one round trip to the database instead of four. Each table's rows come as text
     * arrays, one a column and one element a row, cast here; the statistics rows are one a key, in
     * key order, so that no row is added to twice and rows are locked in one order.
     */
    static final String INSERT_AND_COUNT = GENERIC_PLANS
            + """
            WITH screenings AS (
                INSERT INTO screening (id, created_at, message, mutual_connections, requester_network_size,
                    requester_id, requester_headline, recipient_id, known_to_recipient, score, verdict,
                    ruleset_version, note_fingerprint, facts, app_id)
                SELECT CAST(id AS uuid), CAST(created_at AS timestamptz), message, CAST(mutual_connections AS bigint),
                    CAST(requester_network_size AS bigint), requester_id, requester_headline, recipient_id,
                    CAST(known_to_recipient AS boolean), CAST(score AS integer), verdict,
                    CAST(ruleset_version AS bigint), note_fingerprint, facts, app_id
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS s(id, created_at, message, mutual_connections, requester_network_size, requester_id,
                         requester_headline, recipient_id, known_to_recipient, score, verdict, ruleset_version,
                         note_fingerprint, facts, app_id)),
            reasons AS (
                INSERT INTO screening_reason (screening_id, position, rule_id, points, action, explanation)
                SELECT CAST(screening_id AS uuid), CAST(position AS integer), rule_id, CAST(points AS integer),
                    action, explanation
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS r(screening_id, position, rule_id, points, action, explanation)),
            verdicts AS (%s)
            %s
            """.formatted(
                    Rollups.Postgres.addFromArrays(Rollups.VERDICTS), Rollups.Postgres.addFromArrays(Rollups.RULES));

    public PostgresScreeningStore(DataSource dataSource, FactsConverter factsJson) {
        super(dataSource, factsJson, new Rollups.Postgres());
    }

    @Override
    protected void lock(Connection connection, SortedSet<Requester> requesters) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(BATCH_LOCK)) {
            Array apps = connection.createArrayOf(
                    "varchar", requesters.stream().map(Requester::appId).toArray());
            Array ids = connection.createArrayOf(
                    "varchar", requesters.stream().map(Requester::requesterId).toArray());
            lock.setArray(1, apps);
            lock.setArray(2, ids);
            lock.executeUpdate();
            apps.free();
            ids.free();
        }
    }

    @Override
    protected void insertAndCount(Connection connection, List<Screening> screenings) throws SQLException {
        List<String[]> screeningRows = new ArrayList<>(screenings.size());
        List<String[]> reasonRows = new ArrayList<>();
        for (Screening s : screenings) {
            String id = s.id.toString();
            screeningRows.add(new String[] {
                id,
                s.createdAt.toString(),
                s.message,
                Long.toString(s.mutualConnections),
                Long.toString(s.requesterNetworkSize),
                s.requesterId,
                s.requesterHeadline,
                s.recipientId,
                Boolean.toString(s.knownToRecipient),
                Integer.toString(s.score),
                s.verdict.name(),
                Long.toString(s.rulesetVersion),
                s.noteFingerprint,
                factsColumn(s),
                s.appId
            });
            for (int position = 0; position < s.reasons.size(); position++) {
                Screening.StoredReason reason = s.reasons.get(position);
                reasonRows.add(new String[] {
                    id,
                    Integer.toString(position),
                    reason.ruleId,
                    Integer.toString(reason.points),
                    reason.action == null ? null : reason.action.name(),
                    reason.explanation
                });
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_AND_COUNT)) {
            int parameter = setColumns(connection, insert, 1, 15, screeningRows);
            parameter = setColumns(connection, insert, parameter, 6, reasonRows);
            parameter = setColumns(connection, insert, parameter, 6, countRows(verdictCounts(screenings)));
            setColumns(connection, insert, parameter, 6, countRows(ruleCounts(screenings)));
            insert.executeUpdate();
        }
    }

    /** A statistics table's rows: app, hour, version, name, shard and the count to add. */
    private static List<String[]> countRows(Map<Rollups.Key, Long> counts) {
        List<String[]> rows = new ArrayList<>(counts.size());
        counts.forEach((key, delta) -> rows.add(new String[] {
            key.appId(),
            key.hour().toString(),
            Long.toString(key.version()),
            key.name(),
            String.valueOf(key.last()),
            Long.toString(delta)
        }));
        return rows;
    }

    /** Sets the rows' columns as text arrays, from the given parameter on; returns the next parameter. */
    private static int setColumns(
            Connection connection, PreparedStatement statement, int parameter, int columns, List<String[]> rows)
            throws SQLException {
        for (int column = 0; column < columns; column++) {
            String[] values = new String[rows.size()];
            for (int row = 0; row < values.length; row++) {
                values[row] = rows.get(row)[column];
            }
            statement.setArray(parameter++, connection.createArrayOf("text", values));
        }
        return parameter;
    }

    @Override
    protected List<HistoryFacts> count(Connection connection, List<Lookup> lookups, Instant now) throws SQLException {
        String[] apps = new String[lookups.size()];
        String[] requesters = new String[lookups.size()];
        String[] fingerprints = new String[lookups.size()];
        String[] recipients = new String[lookups.size()];
        for (int i = 0; i < lookups.size(); i++) {
            apps[i] = lookups.get(i).appId();
            requesters[i] = lookups.get(i).requesterId();
            fingerprints[i] = lookups.get(i).fingerprint();
            recipients[i] = lookups.get(i).recipientId();
        }
        HistoryFacts[] facts = new HistoryFacts[lookups.size()];
        try (PreparedStatement query = connection.prepareStatement(BATCH_HISTORY)) {
            query.setArray(1, connection.createArrayOf("varchar", apps));
            query.setArray(2, connection.createArrayOf("varchar", requesters));
            query.setArray(3, connection.createArrayOf("varchar", fingerprints));
            query.setArray(4, connection.createArrayOf("varchar", recipients));
            query.setObject(5, utc(now.minus(HOUR)));
            query.setObject(6, utc(now.minus(DAY)));
            query.setObject(7, utc(now.minus(WEEK)));
            query.setObject(8, utc(now.minus(WEEK)));
            query.setObject(9, utc(now.minus(MONTH)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int index = (int) rows.getLong(1) - 1;
                    facts[index] = facts(
                            rows.getLong(2),
                            rows.getLong(3),
                            rows.getLong(4),
                            rows.getLong(5),
                            rows.getLong(6),
                            rows.getLong(7),
                            rows.getLong(8));
                }
            }
        }
        for (int i = 0; i < facts.length; i++) {
            if (facts[i] == null) {
                throw new SQLException("No history was counted for screening " + (i + 1) + " of a batch");
            }
        }
        return List.of(facts);
    }
}
