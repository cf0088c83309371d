package dev.bonafide.storage;

import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.engine.Verdict;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
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
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
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

    static final String SELECT_SCREENING = """
            SELECT id, created_at, message, mutual_connections, requester_network_size, requester_id,
                requester_headline, recipient_id, known_to_recipient, score, verdict, ruleset_version,
                note_fingerprint, facts, app_id, note_erased_at
            FROM screening""";

    /** The reasons of the screenings whose ids fill the placeholders, in order. */
    static final String SELECT_REASONS = """
            SELECT screening_id, rule_id, points, action, explanation, explanation_rendered
            FROM screening_reason WHERE screening_id IN (%s) ORDER BY screening_id, position""";

    static final String ERASE_QUOTING_EXPLANATIONS = """
            UPDATE screening_reason SET explanation = ?, explanation_rendered = FALSE
            WHERE screening_id = ? AND explanation_rendered""";

    static final String ERASE_TEXTS = """
            UPDATE screening SET message = NULL, requester_headline = NULL, note_erased_at = ?
            WHERE id = ? AND note_erased_at IS NULL""";

    static final String DUE_FOR_ERASURE = """
            SELECT id FROM screening WHERE note_erased_at IS NULL AND created_at < ?
            ORDER BY created_at, id LIMIT ?""";

    @Override
    public Optional<Screening> find(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT_SCREENING + " WHERE id = ?")) {
            select.setObject(1, id);
            List<Screening> found = read(connection, select);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    @Override
    public List<Screening> page(Filter filter, After after, int limit) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        condition(where, values, " AND app_id = ?", filter.appId());
        condition(
                where,
                values,
                " AND verdict = ?",
                filter.verdict() == null ? null : filter.verdict().name());
        condition(where, values, " AND requester_id = ?", filter.requesterId());
        condition(where, values, " AND recipient_id = ?", filter.recipientId());
        condition(where, values, " AND created_at >= ?", filter.from() == null ? null : utc(filter.from()));
        condition(where, values, " AND created_at < ?", filter.to() == null ? null : utc(filter.to()));
        if (after != null) {
            where.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            values.add(utc(after.createdAt()));
            values.add(utc(after.createdAt()));
            values.add(after.id());
        }
        values.add(limit);
        String sql = SELECT_SCREENING + where + " ORDER BY created_at DESC, id DESC LIMIT ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            return read(connection, select);
        }
    }

    private static void condition(StringBuilder where, List<Object> values, String sql, Object value) {
        if (value != null) {
            where.append(sql);
            values.add(value);
        }
    }

    @Override
    public boolean eraseNote(UUID id, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return inTransaction(connection, () -> {
                if (find(connection, id)) {
                    erase(connection, List.of(id), now);
                    return true;
                }
                return false;
            });
        }
    }

    @Override
    public int eraseNotesBefore(Instant cutoff, Instant now, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return inTransaction(connection, () -> {
                List<UUID> due = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(DUE_FOR_ERASURE)) {
                    select.setObject(1, utc(cutoff));
                    select.setInt(2, limit);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            due.add(rows.getObject(1, UUID.class));
                        }
                    }
                }
                erase(connection, due, now);
                return due.size();
            });
        }
    }

    private static boolean find(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM screening WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void erase(Connection connection, List<UUID> ids, Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement explanations = connection.prepareStatement(ERASE_QUOTING_EXPLANATIONS);
                PreparedStatement texts = connection.prepareStatement(ERASE_TEXTS)) {
            for (UUID id : ids) {
                explanations.setString(1, Screening.ERASED_EXPLANATION);
                explanations.setObject(2, id);
                explanations.addBatch();
                texts.setObject(1, utc(now));
                texts.setObject(2, id);
                texts.addBatch();
            }
            explanations.executeBatch();
            texts.executeBatch();
        }
    }

    /** Work of one transaction on this connection: committed when it returns, rolled back when it throws. */
    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            connection.commit();
        } catch (Throwable e) {
            // Rolled back before autocommit is restored: restoring it would commit the half-done work.
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            restoreAutoCommit(connection, e);
            throw e;
        }
        restoreAutoCommit(connection, null);
        return result;
    }

    /** Hands the connection back as it came; a failure is added to the one being thrown, if any. */
    private static void restoreAutoCommit(Connection connection, Throwable thrown) throws SQLException {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            if (thrown == null) {
                throw e;
            }
            thrown.addSuppressed(e);
        }
    }

    /** The screenings the statement selects, with their reasons, in the statement's order. */
    private List<Screening> read(Connection connection, PreparedStatement select) throws SQLException {
        List<Screening> screenings = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Screening s = new Screening();
                s.id = rows.getObject(1, UUID.class);
                s.createdAt = rows.getObject(2, OffsetDateTime.class).toInstant();
                s.message = rows.getString(3);
                s.mutualConnections = rows.getLong(4);
                s.requesterNetworkSize = rows.getLong(5);
                s.requesterId = rows.getString(6);
                s.requesterHeadline = rows.getString(7);
                s.recipientId = rows.getString(8);
                s.knownToRecipient = rows.getBoolean(9);
                s.score = rows.getInt(10);
                s.verdict = Verdict.valueOf(rows.getString(11));
                s.rulesetVersion = rows.getLong(12);
                s.noteFingerprint = rows.getString(13);
                s.facts = factsJson.read(rows.getString(14));
                s.appId = rows.getString(15);
                OffsetDateTime erased = rows.getObject(16, OffsetDateTime.class);
                s.noteErasedAt = erased == null ? null : erased.toInstant();
                screenings.add(s);
            }
        }
        if (!screenings.isEmpty()) {
            readReasons(connection, screenings);
        }
        return screenings;
    }

    private static void readReasons(Connection connection, List<Screening> screenings) throws SQLException {
        Map<UUID, Screening> byId = new HashMap<>();
        screenings.forEach(s -> byId.put(s.id, s));
        String placeholders = String.join(", ", Collections.nCopies(screenings.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement(SELECT_REASONS.formatted(placeholders))) {
            for (int i = 0; i < screenings.size(); i++) {
                select.setObject(i + 1, screenings.get(i).id);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Screening.StoredReason reason = new Screening.StoredReason();
                    reason.ruleId = rows.getString(2);
                    reason.points = rows.getInt(3);
                    String action = rows.getString(4);
                    reason.action = action == null ? null : Verdict.valueOf(action);
                    reason.explanation = rows.getString(5);
                    reason.rendered = rows.getBoolean(6);
                    byId.get(rows.getObject(1, UUID.class)).reasons.add(reason);
                }
            }
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
            insertAndCount(connection, screenings);
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

    /**
     * Inserts the screenings with their reasons and adds them to the statistics; by default with
     * one batch of statements a table.
     */
    protected void insertAndCount(Connection connection, List<Screening> screenings) throws SQLException {
        insertScreenings(connection, screenings);
        rollups.add(connection, Rollups.VERDICTS, verdictCounts(screenings));
        rollups.add(connection, Rollups.RULES, ruleCounts(screenings));
    }

    /** The facts of a screening as stored. */
    protected final String factsColumn(Screening screening) {
        return factsJson.write(screening.facts);
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
                insert.setString(14, factsColumn(s));
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

    /** What a batch adds to the statistics of screenings by verdict, in the order rows are written. */
    static TreeMap<Rollups.Key, Long> verdictCounts(List<Screening> screenings) {
        int shard = Rollups.shard();
        TreeMap<Rollups.Key, Long> verdicts = Rollups.deltas();
        for (Screening s : screenings) {
            verdicts.merge(new Rollups.Key(app(s), hour(s), s.rulesetVersion, s.verdict.name(), shard), 1L, Long::sum);
        }
        return verdicts;
    }

    /** What a batch adds to the statistics of rules that fired, in the order rows are written. */
    static TreeMap<Rollups.Key, Long> ruleCounts(List<Screening> screenings) {
        int shard = Rollups.shard();
        TreeMap<Rollups.Key, Long> rules = Rollups.deltas();
        for (Screening s : screenings) {
            s.reasons.stream()
                    .map(r -> r.ruleId)
                    .distinct()
                    .forEach(rule -> rules.merge(
                            new Rollups.Key(app(s), hour(s), s.rulesetVersion, rule, shard), 1L, Long::sum));
        }
        return rules;
    }

    private static String app(Screening s) {
        return s.appId == null ? "" : s.appId;
    }

    private static Instant hour(Screening s) {
        return s.createdAt.truncatedTo(ChronoUnit.HOURS);
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
