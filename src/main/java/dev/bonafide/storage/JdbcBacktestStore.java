package dev.bonafide.storage;

import dev.bonafide.backtest.BacktestState;
import dev.bonafide.backtest.BacktestStore;
import dev.bonafide.engine.Verdict;
import dev.bonafide.feedback.Outcome;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.screening.FactsConverter;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Backtests in standard SQL, the same on H2 and PostgreSQL. A replay reads its screenings in one
 * read-only transaction, {@link #FETCH_SIZE} rows at a time, so memory stays flat however many
 * there are; each row brings the rules that fired (an array) and the outcome in force.
 */
public final class JdbcBacktestStore implements BacktestStore {

    /** Rows a replay reads from the database at a time. */
    static final int FETCH_SIZE = 128;

    static final String COLUMNS = """
            id, created_at, requested_by, state, request, started_at, finished_at, heartbeat_at, total, processed,
            cancel_requested, failure, result""";
    static final String INSERT =
            "INSERT INTO backtest (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String FIND = "SELECT " + COLUMNS + " FROM backtest WHERE id = ?";
    static final String PAGE = "SELECT " + COLUMNS + " FROM backtest ORDER BY created_at DESC, id DESC";
    static final String PAGE_BEFORE = "SELECT " + COLUMNS
            + " FROM backtest WHERE created_at < ? OR (created_at = ? AND id < ?) ORDER BY created_at DESC, id DESC";
    static final String START =
            "UPDATE backtest SET state = 'RUNNING', started_at = ?, heartbeat_at = ? WHERE id = ? AND state = 'QUEUED'";
    static final String PROGRESS =
            "UPDATE backtest SET processed = ?, total = ?, heartbeat_at = ? WHERE id = ? AND state = 'RUNNING'";
    static final String CANCEL_REQUESTED = "SELECT cancel_requested FROM backtest WHERE id = ?";
    static final String FINISH = """
            UPDATE backtest SET state = ?, processed = ?, result = ?, failure = ?, finished_at = ?, heartbeat_at = ?
            WHERE id = ? AND state IN ('QUEUED', 'RUNNING')""";
    static final String REQUEST_CANCEL =
            "UPDATE backtest SET cancel_requested = TRUE WHERE id = ? AND state IN ('QUEUED', 'RUNNING')";
    static final String TOUCH = "UPDATE backtest SET heartbeat_at = ? WHERE id = ? AND state IN ('QUEUED', 'RUNNING')";
    static final String FAIL_STALE = """
            UPDATE backtest SET state = 'FAILED', failure = ?, finished_at = ?
            WHERE state IN ('QUEUED', 'RUNNING') AND heartbeat_at < ?""";

    static final String PURGE =
            "DELETE FROM backtest WHERE state IN ('DONE', 'FAILED', 'CANCELLED') AND finished_at < ?";

    static final String TRAFFIC = " FROM screening s WHERE s.created_at >= ? AND s.created_at < ?";
    static final String OF_APP = " AND s.app_id = ?";
    static final String COUNT = "SELECT count(*)" + TRAFFIC;
    /** What a replay reads of a stored screening (see {@link #screening}). */
    static final String SCREENING_COLUMNS = """
            SELECT s.id, s.app_id, s.ruleset_version, s.score, s.verdict, s.facts, s.message, s.requester_headline,
                s.note_erased_at, f.outcome,
                (SELECT ARRAY_AGG(r.rule_id) FROM screening_reason r WHERE r.screening_id = s.id)
            """;

    static final String REPLAY = SCREENING_COLUMNS + """
            FROM screening s LEFT JOIN screening_feedback f ON f.screening_id = s.id
            WHERE s.created_at >= ? AND s.created_at < ?""";

    /** The labelled screenings: read from the feedback, joined to its screening. */
    static final String LABELLED = SCREENING_COLUMNS + """
            FROM screening_feedback f JOIN screening s ON s.id = f.screening_id
            WHERE f.outcome IN ('REPORTED', 'ACCEPTED') AND s.created_at >= ? AND s.created_at < ?""";

    private final DataSource dataSource;
    private final FactsConverter factsJson;

    public JdbcBacktestStore(DataSource dataSource, FactsConverter factsJson) {
        this.dataSource = dataSource;
        this.factsJson = factsJson;
    }

    @Override
    public void insert(Row row, Idempotency.Claim claim) throws SQLException {
        Transactions.run(dataSource, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setObject(1, row.id());
                insert.setObject(2, JdbcScreeningStore.utc(row.createdAt()));
                insert.setString(3, row.requestedBy());
                insert.setString(4, row.state().name());
                insert.setString(5, row.request());
                insert.setObject(6, utcOrNull(row.startedAt()));
                insert.setObject(7, utcOrNull(row.finishedAt()));
                insert.setObject(8, JdbcScreeningStore.utc(row.heartbeatAt()));
                insert.setObject(9, row.total());
                insert.setLong(10, row.processed());
                insert.setBoolean(11, row.cancelRequested());
                insert.setString(12, row.failure());
                insert.setString(13, row.result());
                insert.executeUpdate();
            }
            claim.record(connection, 202, row.id().toString());
        });
    }

    @Override
    public Optional<Row> find(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(FIND)) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(row(rows)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Row> page(Instant beforeCreatedAt, UUID beforeId, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(beforeCreatedAt == null ? PAGE : PAGE_BEFORE)) {
            if (beforeCreatedAt != null) {
                select.setObject(1, JdbcScreeningStore.utc(beforeCreatedAt));
                select.setObject(2, JdbcScreeningStore.utc(beforeCreatedAt));
                select.setObject(3, beforeId);
            }
            select.setMaxRows(limit);
            List<Row> page = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next() && page.size() < limit) {
                    page.add(row(rows));
                }
            }
            return page;
        }
    }

    @Override
    public boolean start(UUID id, Instant now) throws SQLException {
        return update(START, JdbcScreeningStore.utc(now), JdbcScreeningStore.utc(now), id) == 1;
    }

    @Override
    public boolean progress(UUID id, long processed, Long total, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement(PROGRESS)) {
                update.setLong(1, processed);
                update.setObject(2, total);
                update.setObject(3, JdbcScreeningStore.utc(now));
                update.setObject(4, id);
                update.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(CANCEL_REQUESTED)) {
                select.setObject(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() && rows.getBoolean(1);
                }
            }
        }
    }

    @Override
    public boolean finish(UUID id, BacktestState state, long processed, String result, String failure, Instant now)
            throws SQLException {
        return update(
                        FINISH,
                        state.name(),
                        processed,
                        result,
                        failure,
                        JdbcScreeningStore.utc(now),
                        JdbcScreeningStore.utc(now),
                        id)
                == 1;
    }

    @Override
    public boolean requestCancel(UUID id) throws SQLException {
        return update(REQUEST_CANCEL, id) == 1;
    }

    @Override
    public void touch(Collection<UUID> ids, Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(TOUCH)) {
            for (UUID id : ids) {
                update.setObject(1, JdbcScreeningStore.utc(now));
                update.setObject(2, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    @Override
    public int failStale(Instant before, String failure, Instant now) throws SQLException {
        return update(FAIL_STALE, failure, JdbcScreeningStore.utc(now), JdbcScreeningStore.utc(before));
    }

    @Override
    public int purgeFinishedBefore(Instant before) throws SQLException {
        return update(PURGE, JdbcScreeningStore.utc(before));
    }

    @Override
    public long count(Traffic traffic) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement(traffic.appId() == null ? COUNT : COUNT + OF_APP)) {
            bind(select, traffic);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Override
    public void replay(Traffic traffic, Sink sink) throws SQLException {
        stream(traffic.appId() == null ? REPLAY : REPLAY + OF_APP, traffic, sink);
    }

    @Override
    public void labelled(Traffic traffic, Sink sink) throws SQLException {
        stream(traffic.appId() == null ? LABELLED : LABELLED + OF_APP, traffic, sink);
    }

    private void stream(String sql, Traffic traffic, Sink sink) throws SQLException {
        // In a transaction: without one, PostgreSQL's driver reads the whole result into memory.
        Transactions.run(dataSource, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                select.setFetchSize(FETCH_SIZE);
                bind(select, traffic);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (!sink.accept(screening(rows))) {
                            break;
                        }
                    }
                }
            }
        });
    }

    private StoredScreening screening(ResultSet rows) throws SQLException {
        String outcome = rows.getString(10);
        Array fired = rows.getArray(11);
        List<String> firedRuleIds;
        if (fired == null) {
            firedRuleIds = List.of();
        } else {
            Object[] ids = (Object[]) fired.getArray();
            firedRuleIds = new ArrayList<>(ids.length);
            for (Object ruleId : ids) {
                firedRuleIds.add((String) ruleId);
            }
            fired.free();
        }
        return new StoredScreening(
                rows.getObject(1, UUID.class),
                rows.getString(2),
                rows.getLong(3),
                rows.getInt(4),
                Verdict.valueOf(rows.getString(5)),
                factsJson.read(rows.getString(6)),
                rows.getString(7),
                rows.getString(8),
                rows.getObject(9, OffsetDateTime.class) != null,
                outcome == null ? null : Outcome.valueOf(outcome),
                firedRuleIds);
    }

    private static void bind(PreparedStatement select, Traffic traffic) throws SQLException {
        select.setObject(1, JdbcScreeningStore.utc(traffic.from()));
        select.setObject(2, JdbcScreeningStore.utc(traffic.to()));
        if (traffic.appId() != null) {
            select.setString(3, traffic.appId());
        }
    }

    private static Row row(ResultSet rows) throws SQLException {
        return new Row(
                rows.getObject(1, UUID.class),
                instant(rows, 2),
                rows.getString(3),
                BacktestState.valueOf(rows.getString(4)),
                rows.getString(5),
                instant(rows, 6),
                instant(rows, 7),
                instant(rows, 8),
                (Long) rows.getObject(9, Long.class),
                rows.getLong(10),
                rows.getBoolean(11),
                rows.getString(12),
                rows.getString(13));
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utcOrNull(Instant instant) {
        return instant == null ? null : JdbcScreeningStore.utc(instant);
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        }
    }
}
