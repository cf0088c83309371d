package dev.bonafide.screening;

import dev.bonafide.engine.HistoryFacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * History facts from stored screenings, per app: requester ids are each app's own, so every query
 * and every lock is of one (app, requester), and one app's screenings never change another app's
 * facts. A screening's transaction holds its requester's row lock
 * (see {@link #lock}) from counting the history to the commit, so parallel requests from one
 * requester are counted one after another, on every instance, and each sees the ones committed
 * before it. Each fact reads at most {@value HistoryFacts#COUNT_CAP} index entries of the requester,
 * whatever the size of the table.
 *
 * <p>On PostgreSQL the lock of all requesters of a batch is one statement, and so are the history
 * counts of all its screenings; other databases take one statement per requester and per count.
 */
@ApplicationScoped
public class RequesterHistory {

    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);
    static final Duration WEEK = Duration.ofDays(7);

    /** Parameters: an hour ago, a day ago, the app, the requester, a week ago. */
    static final String RECENT = """
            SELECT count(*),
                   coalesce(sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0),
                   coalesce(sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0),
                   coalesce(sum(CASE WHEN verdict = 'DECLINE' THEN 1 ELSE 0 END), 0)
            FROM (SELECT created_at, verdict FROM screening
                  WHERE app_id = ? AND requester_id = ? AND created_at >= ?
                  ORDER BY created_at DESC
                  LIMIT %d) recent
            """.formatted(HistoryFacts.COUNT_CAP);

    /** Parameters: the app, the requester, the note's fingerprint, a week ago, the recipient to leave out. */
    static final String SAME_NOTE_OTHER_RECIPIENTS = """
            SELECT count(DISTINCT recipient_id)
            FROM (SELECT recipient_id FROM screening
                  WHERE app_id = ? AND requester_id = ? AND note_fingerprint = ? AND created_at >= ?
                    AND recipient_id IS NOT NULL
                  ORDER BY created_at DESC
                  LIMIT %d) same
            WHERE recipient_id <> ?
            """.formatted(HistoryFacts.COUNT_CAP);

    /** As {@link #SAME_NOTE_OTHER_RECIPIENTS}, for a request without a recipient id. */
    static final String SAME_NOTE =
            SAME_NOTE_OTHER_RECIPIENTS.substring(0, SAME_NOTE_OTHER_RECIPIENTS.indexOf("WHERE recipient_id <> ?"));

    /**
     * PostgreSQL, every screening of a batch at once. Parameters: arrays of apps, requesters,
     * fingerprints and recipients (one element a screening), then an hour, a day and a week ago, and
     * a week ago.
     */
    static final String PG_BATCH = """
            SELECT q.ord, r.week, r.hour, r.day, r.declined, s.same
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
            """.formatted(HistoryFacts.COUNT_CAP);

    /**
     * PostgreSQL: creates missing rows of (app, requester) and locks all of them, in key order, in
     * one statement. Rows that exist are locked without being updated ({@code WHERE false}).
     */
    static final String PG_LOCK = """
            INSERT INTO requester_lock (app_id, requester_id)
            SELECT app, id FROM unnest(?::varchar[], ?::varchar[]) AS requester(app, id) ORDER BY app, id
            ON CONFLICT (app_id, requester_id) DO UPDATE SET requester_id = EXCLUDED.requester_id WHERE false
            """;

    /** Other databases: creates the (app, requester) row or, when it exists, locks it by updating it. */
    static final String MERGE_LOCK = "MERGE INTO requester_lock KEY (app_id, requester_id) VALUES (?, ?)";

    /**
     * A requester as one app knows it: requester ids are each app's own, so history and locks are
     * per app. Ordered by app, then requester.
     */
    record Key(String appId, String requesterId) implements Comparable<Key> {
        Key {
            java.util.Objects.requireNonNull(appId, "appId");
            java.util.Objects.requireNonNull(requesterId, "requesterId");
        }

        @Override
        public int compareTo(Key other) {
            int byApp = appId.compareTo(other.appId);
            return byApp != 0 ? byApp : requesterId.compareTo(other.requesterId);
        }
    }

    /** What to count for one screening: the history of this requester in this app. */
    record Lookup(String appId, String requesterId, String fingerprint, String recipientId) {}

    private final DataSource dataSource;
    private final boolean postgres;

    public RequesterHistory(DataSource dataSource, @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.dataSource = dataSource;
        this.postgres = dbKind.toLowerCase(Locale.ROOT).startsWith("postgres");
    }

    /**
     * Takes the row locks of these requesters (each in its app) for the connection's transaction,
     * creating rows for those seen for the first time. Locks are taken in key order, so two
     * transactions locking overlapping sets wait for each other instead of deadlocking. Blocks
     * while another transaction holds one of them. One app's requester never waits for another
     * app's requester of the same id.
     */
    void lock(Connection connection, Collection<Key> requesters) throws SQLException {
        TreeSet<Key> ordered = new TreeSet<>(requesters);
        if (ordered.isEmpty()) {
            return;
        }
        if (postgres) {
            try (PreparedStatement lock = connection.prepareStatement(PG_LOCK)) {
                Array apps = connection.createArrayOf(
                        "varchar", ordered.stream().map(Key::appId).toArray());
                Array ids = connection.createArrayOf(
                        "varchar", ordered.stream().map(Key::requesterId).toArray());
                lock.setArray(1, apps);
                lock.setArray(2, ids);
                lock.executeUpdate();
                apps.free();
                ids.free();
            }
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement(MERGE_LOCK)) {
            for (Key key : ordered) {
                merge.setString(1, key.appId());
                merge.setString(2, key.requesterId());
                merge.executeUpdate();
            }
        }
    }

    /**
     * The history facts of each lookup, counted from what the connection sees, in the order given.
     * The screenings of one call must not share an (app, requester): each would miss the other.
     */
    List<HistoryFacts> read(Connection connection, List<Lookup> lookups, Instant now) throws SQLException {
        if (lookups.isEmpty()) {
            return List.of();
        }
        return postgres ? readBatch(connection, lookups, now) : readEach(connection, lookups, now);
    }

    /**
     * The history facts of one request of this app, read outside any screening's transaction (a
     * preview): another app's screenings of a requester of the same id are not counted.
     */
    HistoryFacts read(String appId, String requesterId, String fingerprint, String recipientId, Instant now)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return readEach(connection, List.of(new Lookup(appId, requesterId, fingerprint, recipientId)), now)
                    .get(0);
        }
    }

    private List<HistoryFacts> readBatch(Connection connection, List<Lookup> lookups, Instant now) throws SQLException {
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
        try (PreparedStatement query = connection.prepareStatement(PG_BATCH)) {
            query.setArray(1, connection.createArrayOf("varchar", apps));
            query.setArray(2, connection.createArrayOf("varchar", requesters));
            query.setArray(3, connection.createArrayOf("varchar", fingerprints));
            query.setArray(4, connection.createArrayOf("varchar", recipients));
            query.setObject(5, utc(now.minus(HOUR)));
            query.setObject(6, utc(now.minus(DAY)));
            query.setObject(7, utc(now.minus(WEEK)));
            query.setObject(8, utc(now.minus(WEEK)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int index = (int) rows.getLong(1) - 1;
                    facts[index] =
                            facts(rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6));
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

    private List<HistoryFacts> readEach(Connection connection, List<Lookup> lookups, Instant now) throws SQLException {
        List<HistoryFacts> facts = new ArrayList<>(lookups.size());
        try (PreparedStatement recent = connection.prepareStatement(RECENT);
                PreparedStatement sameNote = connection.prepareStatement(SAME_NOTE);
                PreparedStatement sameNoteOthers = connection.prepareStatement(SAME_NOTE_OTHER_RECIPIENTS)) {
            for (Lookup lookup : lookups) {
                recent.setObject(1, utc(now.minus(HOUR)));
                recent.setObject(2, utc(now.minus(DAY)));
                recent.setString(3, lookup.appId());
                recent.setString(4, lookup.requesterId());
                recent.setObject(5, utc(now.minus(WEEK)));
                long week;
                long hour;
                long day;
                long declined;
                try (ResultSet row = recent.executeQuery()) {
                    row.next();
                    week = row.getLong(1);
                    hour = row.getLong(2);
                    day = row.getLong(3);
                    declined = row.getLong(4);
                }
                long same = 0;
                if (lookup.fingerprint() != null) {
                    PreparedStatement query = lookup.recipientId() == null ? sameNote : sameNoteOthers;
                    query.setString(1, lookup.appId());
                    query.setString(2, lookup.requesterId());
                    query.setString(3, lookup.fingerprint());
                    query.setObject(4, utc(now.minus(WEEK)));
                    if (lookup.recipientId() != null) {
                        query.setString(5, lookup.recipientId());
                    }
                    try (ResultSet row = query.executeQuery()) {
                        row.next();
                        same = row.getLong(1);
                    }
                }
                facts.add(facts(week, hour, day, declined, same));
            }
        }
        return facts;
    }

    private static HistoryFacts facts(long week, long hour, long day, long declined, long sameNote) {
        return new HistoryFacts(hour, day, week, week == 0 ? 0.0 : (double) declined / week, sameNote);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
