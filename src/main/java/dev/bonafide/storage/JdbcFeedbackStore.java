package dev.bonafide.storage;

import dev.bonafide.classifier.ClassifierScope;
import dev.bonafide.engine.NoteClassifier;
import dev.bonafide.engine.Verdict;
import dev.bonafide.feedback.FeedbackService;
import dev.bonafide.feedback.FeedbackStore;
import dev.bonafide.feedback.FeedbackView;
import dev.bonafide.feedback.Outcome;
import dev.bonafide.feedback.ReportReason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Feedback in standard SQL. Recording locks the screening's row first, so outcomes for one
 * screening are applied one after another (the second sees the first); the statistics rows are
 * then added to in key order.
 */
public final class JdbcFeedbackStore implements FeedbackStore {

    static final String SCREENING_FOR_UPDATE = "SELECT app_id, requester_id, created_at, verdict, ruleset_version,"
            + " message, note_erased_at FROM screening WHERE id = ? FOR UPDATE";
    static final String RULES_FIRED = "SELECT DISTINCT rule_id FROM screening_reason WHERE screening_id = ?";
    static final String CURRENT = """
            SELECT outcome, report_reason, occurred_at, recorded_at, recorded_by, changes
            FROM screening_feedback WHERE screening_id = ?""";
    static final String INSERT = """
            INSERT INTO screening_feedback (screening_id, app_id, requester_id, screening_created_at, outcome,
                report_reason, occurred_at, recorded_at, recorded_by, changes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""";
    static final String UPDATE = """
            UPDATE screening_feedback SET outcome = ?, report_reason = ?, occurred_at = ?, recorded_at = ?,
                recorded_by = ?, changes = changes + 1
            WHERE screening_id = ?""";
    static final String INSERT_CHANGE = """
            INSERT INTO screening_feedback_change (screening_id, position, changed_at, changed_by, from_outcome,
                from_reason, to_outcome, to_reason, occurred_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    static final String CHANGES = """
            SELECT changed_at, changed_by, from_outcome, from_reason, to_outcome, to_reason, occurred_at
            FROM screening_feedback_change WHERE screening_id = ? ORDER BY position""";
    static final String APP_OF_SCREENING = "SELECT app_id FROM screening WHERE id = ?";

    private final DataSource dataSource;
    private final Rollups rollups;
    private final ClassifierCounts classifier;
    private final ClassifierScope scope;

    public JdbcFeedbackStore(
            DataSource dataSource, Rollups rollups, ClassifierCounts classifier, ClassifierScope scope) {
        this.dataSource = dataSource;
        this.rollups = rollups;
        this.classifier = classifier;
        this.scope = scope;
    }

    /** The screening feedback is for; its note is null when it had none or it was erased. */
    private record Target(
            String appId,
            String requesterId,
            Instant createdAt,
            Verdict verdict,
            long version,
            String message,
            boolean noteErased) {}

    /** The feedback in force: a row of {@link #CURRENT}. */
    private record Current(
            Outcome outcome,
            ReportReason reason,
            Instant occurredAt,
            Instant recordedAt,
            String recordedBy,
            int changes) {}

    /** Attempts when two transactions create the same statistics row at once (H2's MERGE refuses the second). */
    static final int ATTEMPTS = 5;

    @Override
    public Recorded record(Submission s) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(s);
            } catch (SQLException e) {
                if (e instanceof CommitUnconfirmed || attempt == ATTEMPTS || !SqlFailures.integrityViolation(e)) {
                    throw e;
                }
                // Rolled back whole: the row the other transaction created exists now.
            }
        }
    }

    private Recorded attempt(Submission s) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Recorded recorded = recordIn(connection, s);
                if (recorded.result() == Result.RECORDED || recorded.result() == Result.REPLACED) {
                    try {
                        connection.commit();
                    } catch (SQLException e) {
                        throw new CommitUnconfirmed(e);
                    }
                } else {
                    connection.rollback();
                }
                return recorded;
            } catch (SQLException | RuntimeException e) {
                if (!(e instanceof CommitUnconfirmed)) {
                    Transactions.rollbackQuietly(connection);
                }
                throw e;
            } finally {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException e) {
                    // A broken connection: closing it lets the pool discard it.
                }
            }
        }
    }

    private Recorded recordIn(Connection connection, Submission s) throws SQLException {
        Target target = lockScreening(connection, s.screeningId());
        if (target == null || !Objects.equals(target.appId(), s.appId())) {
            return new Recorded(Result.NO_SCREENING, null, null);
        }
        Current current = current(connection, s.screeningId());
        if (current != null && current.outcome() == s.outcome() && current.reason() == s.reason()) {
            return new Recorded(Result.UNCHANGED, target.verdict(), view(connection, s.screeningId()));
        }
        if (current != null && s.occurredAt().isBefore(current.occurredAt())) {
            return new Recorded(Result.OLDER_THAN_CURRENT, target.verdict(), view(connection, s.screeningId()));
        }
        if (current != null && current.changes() >= MAX_CHANGES) {
            return new Recorded(Result.TOO_MANY_CHANGES, target.verdict(), null);
        }
        if (s.occurredAt().plus(FeedbackService.CLOCK_SKEW).isBefore(target.createdAt())) {
            return new Recorded(Result.BEFORE_SCREENING, target.verdict(), null);
        }
        if (current == null) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setObject(1, s.screeningId());
                insert.setString(2, target.appId());
                insert.setString(3, target.requesterId());
                insert.setObject(4, JdbcScreeningStore.utc(target.createdAt()));
                insert.setString(5, s.outcome().name());
                insert.setString(6, name(s.reason()));
                insert.setObject(7, JdbcScreeningStore.utc(s.occurredAt()));
                insert.setObject(8, JdbcScreeningStore.utc(s.now()));
                insert.setString(9, s.recordedBy());
                insert.executeUpdate();
            }
        } else {
            try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
                update.setString(1, s.outcome().name());
                update.setString(2, name(s.reason()));
                update.setObject(3, JdbcScreeningStore.utc(s.occurredAt()));
                update.setObject(4, JdbcScreeningStore.utc(s.now()));
                update.setString(5, s.recordedBy());
                update.setObject(6, s.screeningId());
                update.executeUpdate();
            }
        }
        try (PreparedStatement change = connection.prepareStatement(INSERT_CHANGE)) {
            change.setObject(1, s.screeningId());
            change.setInt(2, current == null ? 0 : current.changes());
            change.setObject(3, JdbcScreeningStore.utc(s.now()));
            change.setString(4, s.recordedBy());
            change.setString(5, current == null ? null : current.outcome().name());
            change.setString(6, current == null ? null : name(current.reason()));
            change.setString(7, s.outcome().name());
            change.setString(8, name(s.reason()));
            change.setObject(9, JdbcScreeningStore.utc(s.occurredAt()));
            change.executeUpdate();
        }
        if (current == null || current.outcome() != s.outcome()) {
            countForStatistics(connection, s.screeningId(), target, current == null ? null : current.outcome(), s);
            teachClassifier(connection, target, current == null ? null : current.outcome(), s);
        }
        return new Recorded(
                current == null ? Result.RECORDED : Result.REPLACED,
                target.verdict(),
                view(connection, s.screeningId()));
    }

    /** Moves the screening from its old outcome's counts to the new one's. */
    private void countForStatistics(Connection connection, UUID id, Target target, Outcome old, Submission s)
            throws SQLException {
        List<String> rules = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(RULES_FIRED)) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    rules.add(rows.getString(1));
                }
            }
        }
        Instant hour = target.createdAt().truncatedTo(ChronoUnit.HOURS);
        TreeMap<Rollups.Key, Long> verdicts = Rollups.deltas();
        TreeMap<Rollups.Key, Long> fired = Rollups.deltas();
        for (Outcome outcome : old == null ? List.of(s.outcome()) : List.of(old, s.outcome())) {
            long delta = outcome == s.outcome() ? 1 : -1;
            verdicts.put(
                    new Rollups.Key(
                            target.appId(),
                            hour,
                            target.version(),
                            target.verdict().name(),
                            outcome.name()),
                    delta);
            for (String rule : rules) {
                fired.put(new Rollups.Key(target.appId(), hour, target.version(), rule, outcome.name()), delta);
            }
        }
        rollups.add(connection, Rollups.OUTCOMES, verdicts);
        rollups.add(connection, Rollups.RULE_OUTCOMES, fired);
    }

    /**
     * Moves the screening's note from its old label's counts to the new one's: REPORTED teaches
     * "inauthentic", ACCEPTED "genuine", IGNORED nothing. A request without a note teaches nothing;
     * nor does one whose note was erased, whose tokens are gone (what it taught before stays).
     */
    private void teachClassifier(Connection connection, Target target, Outcome old, Submission s) throws SQLException {
        int inauthentic = is(s.outcome(), Outcome.REPORTED) - is(old, Outcome.REPORTED);
        int genuine = is(s.outcome(), Outcome.ACCEPTED) - is(old, Outcome.ACCEPTED);
        if ((inauthentic == 0 && genuine == 0) || target.noteErased()) {
            return;
        }
        Set<String> tokens = NoteClassifier.tokens(target.message());
        if (!tokens.isEmpty()) {
            classifier.learn(connection, scope.of(target.appId()), tokens, inauthentic, genuine, s.now());
        }
    }

    private static int is(Outcome outcome, Outcome label) {
        return outcome == label ? 1 : 0;
    }

    @Override
    public Optional<FeedbackView> find(UUID screeningId, String onlyOfApp) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (onlyOfApp != null) {
                try (PreparedStatement query = connection.prepareStatement(APP_OF_SCREENING)) {
                    query.setObject(1, screeningId);
                    try (ResultSet row = query.executeQuery()) {
                        if (!row.next() || !onlyOfApp.equals(row.getString(1))) {
                            return Optional.empty();
                        }
                    }
                }
            }
            return Optional.ofNullable(view(connection, screeningId));
        }
    }

    private static Target lockScreening(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(SCREENING_FOR_UPDATE)) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new Target(
                        row.getString(1),
                        row.getString(2),
                        instant(row, 3),
                        Verdict.valueOf(row.getString(4)),
                        row.getLong(5),
                        row.getString(6),
                        row.getObject(7, OffsetDateTime.class) != null);
            }
        }
    }

    private static Current current(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(CURRENT)) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new Current(
                        Outcome.valueOf(row.getString(1)),
                        reason(row.getString(2)),
                        instant(row, 3),
                        instant(row, 4),
                        row.getString(5),
                        row.getInt(6));
            }
        }
    }

    /** The feedback in force with its changes, or null when none was sent. */
    private static FeedbackView view(Connection connection, UUID id) throws SQLException {
        Current current = current(connection, id);
        if (current == null) {
            return null;
        }
        List<FeedbackView.Change> changes = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(CHANGES)) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String from = row.getString(3);
                    changes.add(new FeedbackView.Change(
                            instant(row, 1),
                            row.getString(2),
                            from == null ? null : Outcome.valueOf(from),
                            reason(row.getString(4)),
                            Outcome.valueOf(row.getString(5)),
                            reason(row.getString(6)),
                            instant(row, 7)));
                }
            }
        }
        return new FeedbackView(
                current.outcome(),
                current.reason(),
                current.occurredAt(),
                current.recordedAt(),
                current.recordedBy(),
                List.copyOf(changes));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static ReportReason reason(String name) {
        return name == null ? null : ReportReason.valueOf(name);
    }

    private static String name(ReportReason reason) {
        return reason == null ? null : reason.name();
    }
}
