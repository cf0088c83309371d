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
 * History facts from stored screenings. A screening's transaction holds its requester's row lock
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

    /** Parameters: an hour ago, a day ago, the requester, a week ago. */
    static final String RECENT = """
            SELECT count(*),
                   coalesce(sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0),
                   coalesce(sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0),
                   coalesce(sum(CASE WHEN verdict = 'DECLINE' THEN 1 ELSE 0 END), 0)
            FROM (SELECT created_at, verdict FROM screening
                  WHERE requester_id = ? AND created_at >= ?
                  ORDER BY created_at DESC
                  LIMIT %d) recent
            """.formatted(HistoryFacts.COUNT_CAP);

    /** Parameters: the requester, the note's fingerprint, a week ago, the recipient to leave out. */
    static final String SAME_NOTE_OTHER_RECIPIENTS = """
            SELECT count(DISTINCT recipient_id)
            FROM (SELECT recipient_id FROM screening
                  WHERE requester_id = ? AND note_fingerprint = ? AND created_at >= ? AND recipient_id IS NOT NULL
                  ORDER BY created_at DESC
                  LIMIT %d) same
            WHERE recipient_id <> ?
            """.formatted(HistoryFacts.COUNT_CAP);

    /** As {@link #SAME_NOTE_OTHER_RECIPIENTS}, for a request without a recipient id. */
    static final String SAME_NOTE = SAME_NOTE_OTHER_RECIPIENTS.substring(0,
            SAME_NOTE_OTHER_RECIPIENTS.indexOf("WHERE recipient_id <> ?"));

    /**
     * PostgreSQL, every screening of a batch at once. Parameters: arrays of requesters, fingerprints
     * and recipients (one element a screening), then an hour, a day and a week ago, and a week ago.
     */
    static final String PG_BATCH = """
            SELECT q.ord, r.week, r.hour, r.day, r.declined, s.same
            FROM unnest(?::varchar[], ?::varchar[], ?::varchar[]) WITH ORDINALITY AS q(requester_id, fingerprint, recipient_id, ord)
            CROSS JOIN LATERAL (
                SELECT count(*) AS week,
                       coalesce(sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0) AS hour,
                       coalesce(sum(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0) AS day,
                       coalesce(sum(CASE WHEN verdict = 'DECLINE' THEN 1 ELSE 0 END), 0) AS declined
                FROM (SELECT created_at, verdict FROM screening
                      WHERE requester_id = q.requester_id AND created_at >= ?
                      ORDER BY created_at DESC
                      LIMIT %1$d) recent) r
            CROSS JOIN LATERAL (
                SELECT count(DISTINCT recipient_id) AS same
                FROM (SELECT recipient_id FROM screening
                      WHERE requester_id = q.requester_id AND note_fingerprint = q.fingerprint
                        AND created_at >= ? AND recipient_id IS NOT NULL
                      ORDER BY created_at DESC
                      LIMIT %1$d) copies
                WHERE q.recipient_id IS NULL OR recipient_id <> q.recipient_id) s
            """.formatted(HistoryFacts.COUNT_CAP);

    /**
     * PostgreSQL: creates missing requester rows and locks all of them, in id order, in one
     * statement. Rows that exist are locked without being updated ({@code WHERE false}).
     */
    static final String PG_LOCK = """
            INSERT INTO requester_lock (requester_id)
            SELECT id FROM unnest(?::varchar[]) AS requester(id) ORDER BY id
            ON CONFLICT (requester_id) DO UPDATE SET requester_id = EXCLUDED.requester_id WHERE false
            """;

    /** Other databases: creates the requester's row or, when it exists, locks it by updating it. */
    static final String MERGE_LOCK = "MERGE INTO requester_lock KEY (requester_id) VALUES (?)";

    /** What to count for one screening. */
    record Lookup(String requesterId, String fingerprint, String recipientId) {
    }

    private final DataSource dataSource;
    private final boolean postgres;

    public RequesterHistory(DataSource dataSource, @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.dataSource = dataSource;
        this.postgres = dbKind.toLowerCase(Locale.ROOT).startsWith("postgres");
    }

    /**
     * Takes the row locks of these requesters for the connection's transaction, creating rows for
     * requesters seen for the first time. Locks are taken in id order, so two transactions locking
     * overlapping sets wait for each other instead of deadlocking. Blocks while another transaction
     * holds one of them.
     */
    void lock(Connection connection, Collection<String> requesterIds) throws SQLException {
        TreeSet<String> ordered = new TreeSet<>(requesterIds);
        if (ordered.isEmpty()) {
            return;
        }
        if (postgres) {
            try (PreparedStatement lock = connection.prepareStatement(PG_LOCK)) {
                Array ids = connection.createArrayOf("varchar", ordered.toArray());
                lock.setArray(1, ids);
                lock.executeUpdate();
                ids.free();
            }
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement(MERGE_LOCK)) {
            for (String id : ordered) {
                merge.setString(1, id);
                merge.executeUpdate();
            }
        }
    }

    /**
     * The history facts of each lookup, counted from what the connection sees, in the order given.
     * The screenings of one call must not share a requester: each would miss the other.
     */
    List<HistoryFacts> read(Connection connection, List<Lookup> lookups, Instant now) throws SQLException {
        if (lookups.isEmpty()) {
            return List.of();
        }
        return postgres ? readBatch(connection, lookups, now) : readEach(connection, lookups, now);
    }

    /** The history facts of one request, read outside any screening's transaction (a preview). */
    HistoryFacts read(String requesterId, String fingerprint, String recipientId, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return readEach(connection, List.of(new Lookup(requesterId, fingerprint, recipientId)), now).get(0);
        }
    }

    private List<HistoryFacts> readBatch(Connection connection, List<Lookup> lookups, Instant now) throws SQLException {
        String[] requesters = new String[lookups.size()];
        String[] fingerprints = new String[lookups.size()];
        String[] recipients = new String[lookups.size()];
        for (int i = 0; i < lookups.size(); i++) {
            requesters[i] = lookups.get(i).requesterId();
            fingerprints[i] = lookups.get(i).fingerprint();
            recipients[i] = lookups.get(i).recipientId();
        }
        HistoryFacts[] facts = new HistoryFacts[lookups.size()];
        try (PreparedStatement query = connection.prepareStatement(PG_BATCH)) {
            query.setArray(1, connection.createArrayOf("varchar", requesters));
            query.setArray(2, connection.createArrayOf("varchar", fingerprints));
            query.setArray(3, connection.createArrayOf("varchar", recipients));
            query.setObject(4, utc(now.minus(HOUR)));
            query.setObject(5, utc(now.minus(DAY)));
            query.setObject(6, utc(now.minus(WEEK)));
            query.setObject(7, utc(now.minus(WEEK)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    int index = (int) rows.getLong(1) - 1;
                    facts[index] = facts(rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6));
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
                recent.setString(3, lookup.requesterId());
                recent.setObject(4, utc(now.minus(WEEK)));
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
                    query.setString(1, lookup.requesterId());
                    query.setString(2, lookup.fingerprint());
                    query.setObject(3, utc(now.minus(WEEK)));
                    if (lookup.recipientId() != null) {
                        query.setString(4, lookup.recipientId());
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
