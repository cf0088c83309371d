package dev.bonafide.storage;

import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.screening.FactsConverter;
import dev.bonafide.screening.Screening;
import dev.bonafide.screening.ScreeningStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The screening store in standard SQL, over JDBC: the inserts, and history counted with one
 * statement per count. A dialect overrides what it can do in one statement for a whole batch
 * ({@link #lock}, {@link #count}). Each count reads at most {@value HistoryFacts#COUNT_CAP} index
 * entries of the requester, whatever the size of the table.
 */
public abstract class JdbcScreeningStore implements ScreeningStore {

    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration MONTH = Duration.ofDays(30);

    static final String INSERT_SCREENING = """
            INSERT INTO screening (id, created_at, message, mutual_connections, requester_network_size, requester_id,
                requester_headline, recipient_id, known_to_recipient, score, verdict, ruleset_version, note_fingerprint,
                facts, app_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String INSERT_REASON = """
            INSERT INTO screening_reason (screening_id, position, rule_id, points, action, explanation)
            VALUES (?, ?, ?, ?, ?, ?)""";

    /** Parameters: an hour ago, a day ago, the app, the requester, a week ago. */
    public static final String RECENT = """
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
    public static final String SAME_NOTE_OTHER_RECIPIENTS = """
            SELECT count(DISTINCT recipient_id)
            FROM (SELECT recipient_id FROM screening
                  WHERE app_id = ? AND requester_id = ? AND note_fingerprint = ? AND created_at >= ?
                    AND recipient_id IS NOT NULL
                  ORDER BY created_at DESC
                  LIMIT %d) same
            WHERE recipient_id <> ?
            """.formatted(HistoryFacts.COUNT_CAP);

    /**
     * Reports and acceptances of the requester's screenings in 30 days, by the outcome in force.
     * Parameters: the app, the requester, 30 days ago.
     */
    public static final String FEEDBACK = """
            SELECT coalesce(sum(CASE WHEN outcome = 'REPORTED' THEN 1 ELSE 0 END), 0),
                   coalesce(sum(CASE WHEN outcome = 'ACCEPTED' THEN 1 ELSE 0 END), 0)
            FROM (SELECT outcome FROM screening_feedback
                  WHERE app_id = ? AND requester_id = ? AND screening_created_at >= ? AND outcome <> 'IGNORED'
                  ORDER BY screening_created_at DESC
                  LIMIT %d) labelled
            """.formatted(HistoryFacts.COUNT_CAP);

    /** As {@link #SAME_NOTE_OTHER_RECIPIENTS}, for a request without a recipient id. */
    static final String SAME_NOTE =
            SAME_NOTE_OTHER_RECIPIENTS.substring(0, SAME_NOTE_OTHER_RECIPIENTS.indexOf("WHERE recipient_id <> ?"));

    private final DataSource dataSource;
    private final FactsConverter factsJson;
    private final Rollups rollups;

    protected JdbcScreeningStore(DataSource dataSource, FactsConverter factsJson, Rollups rollups) {
        this.dataSource = dataSource;
        this.factsJson = factsJson;
        this.rollups = rollups;
    }

    /** Locks the rows of these requesters, creating the missing ones; never empty, in key order. */
    protected abstract void lock(Connection connection, SortedSet<Requester> requesters) throws SQLException;

    /** Counts the history of each lookup; by default one statement per count. */
    protected List<HistoryFacts> count(Connection connection, List<Lookup> lookups, Instant now) throws SQLException {
        return countEach(connection, lookups, now);
    }

    @Override
    public Transaction begin() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new JdbcTransaction(connection);
    }

    @Override
    public HistoryFacts history(Lookup lookup, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return countEach(connection, List.of(lookup), now).get(0);
        }
    }

    private final class JdbcTransaction implements Transaction {
        private final Connection connection;
        private boolean ended;

        JdbcTransaction(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void lockRequesters(Collection<Requester> requesters) throws SQLException {
            TreeSet<Requester> ordered = new TreeSet<>(requesters);
            if (!ordered.isEmpty()) {
                lock(connection, ordered);
            }
        }

        @Override
        public List<HistoryFacts> countHistoryUnderLock(List<Lookup> lookups, Instant now) throws SQLException {
            return lookups.isEmpty() ? List.of() : count(connection, lookups, now);
        }

        @Override
        public void insert(List<Screening> screenings) throws SQLException {
            insertScreenings(connection, screenings);
            countForStatistics(connection, screenings);
        }

        @Override
        public void recordKey(Idempotency.Claim claim, int status, String resourceId) throws SQLException {
            claim.record(connection, status, resourceId);
        }

        @Override
        public void commit() throws SQLException {
            ended = true;
            connection.commit();
        }

        @Override
        public void rollback() throws SQLException {
            ended = true;
            connection.rollback();
        }

        /**
         * Never throws: after a commit, a failure to hand the connection back must not read as a
         * failed transaction. A connection that fails here is broken, and the pool drops it.
         */
        @Override
        public void close() {
            try {
                if (!ended) {
                    connection.rollback();
                }
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // The connection is broken; closing it below lets the pool discard it.
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // As above.
            }
        }
    }

    private void insertScreenings(Connection connection, List<Screening> screenings) throws SQLException {
        boolean anyReasons = false;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SCREENING)) {
            for (Screening s : screenings) {
                insert.setObject(1, s.id);
                insert.setObject(2, utc(s.createdAt));
                insert.setString(3, s.message);
                insert.setLong(4, s.mutualConnections);
                insert.setLong(5, s.requesterNetworkSize);
                insert.setString(6, s.requesterId);
                insert.setString(7, s.requesterHeadline);
                insert.setString(8, s.recipientId);
                insert.setBoolean(9, s.knownToRecipient);
                insert.setInt(10, s.score);
                insert.setString(11, s.verdict.name());
                insert.setLong(12, s.rulesetVersion);
                insert.setString(13, s.noteFingerprint);
                insert.setString(14, factsJson.convertToDatabaseColumn(s.facts));
                insert.setString(15, s.appId);
                insert.addBatch();
                anyReasons |= !s.reasons.isEmpty();
            }
            insert.executeBatch();
        }
        if (!anyReasons) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_REASON)) {
            for (Screening s : screenings) {
                for (int position = 0; position < s.reasons.size(); position++) {
                    Screening.StoredReason reason = s.reasons.get(position);
                    insert.setObject(1, s.id);
                    insert.setInt(2, position);
                    insert.setString(3, reason.ruleId);
                    insert.setInt(4, reason.points);
                    insert.setString(5, reason.action == null ? null : reason.action.name());
                    insert.setString(6, reason.explanation);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Adds the batch to the statistics: screenings by verdict, and rules that fired. */
    private void countForStatistics(Connection connection, List<Screening> screenings) throws SQLException {
        int shard = Rollups.shard();
        TreeMap<Rollups.Key, Long> verdicts = Rollups.deltas();
        TreeMap<Rollups.Key, Long> rules = Rollups.deltas();
        for (Screening s : screenings) {
            String app = s.appId == null ? "" : s.appId;
            Instant hour = s.createdAt.truncatedTo(ChronoUnit.HOURS);
            verdicts.merge(new Rollups.Key(app, hour, s.rulesetVersion, s.verdict.name(), shard), 1L, Long::sum);
            s.reasons.stream()
                    .map(r -> r.ruleId)
                    .distinct()
                    .forEach(rule ->
                            rules.merge(new Rollups.Key(app, hour, s.rulesetVersion, rule, shard), 1L, Long::sum));
        }
        rollups.add(connection, Rollups.VERDICTS, verdicts);
        rollups.add(connection, Rollups.RULES, rules);
    }

    private static List<HistoryFacts> countEach(Connection connection, List<Lookup> lookups, Instant now)
            throws SQLException {
        List<HistoryFacts> facts = new ArrayList<>(lookups.size());
        try (PreparedStatement recent = connection.prepareStatement(RECENT);
                PreparedStatement sameNote = connection.prepareStatement(SAME_NOTE);
                PreparedStatement sameNoteOthers = connection.prepareStatement(SAME_NOTE_OTHER_RECIPIENTS);
                PreparedStatement labelled = connection.prepareStatement(FEEDBACK)) {
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
                labelled.setString(1, lookup.appId());
                labelled.setString(2, lookup.requesterId());
                labelled.setObject(3, utc(now.minus(MONTH)));
                long reported;
                long accepted;
                try (ResultSet row = labelled.executeQuery()) {
                    row.next();
                    reported = row.getLong(1);
                    accepted = row.getLong(2);
                }
                facts.add(facts(week, hour, day, declined, same, reported, accepted));
            }
        }
        return facts;
    }

    static HistoryFacts facts(
            long week, long hour, long day, long declined, long sameNote, long reported, long accepted) {
        return new HistoryFacts(
                hour, day, week, week == 0 ? 0.0 : (double) declined / week, sameNote, reported, accepted);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
