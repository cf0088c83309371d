package dev.bonafide.storage;

import dev.bonafide.classifier.ClassifierStore;
import dev.bonafide.engine.NoteClassifier;
import dev.bonafide.idempotency.Idempotency;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The classifier's counts in SQL: learning adds to a scope's example counts and to each token's row
 * (created at 0 first), in token order, inside the caller's transaction; one dialect statement
 * adds to a row atomically (PostgreSQL's INSERT ... ON CONFLICT, H2's MERGE).
 */
public abstract class ClassifierCounts implements ClassifierStore {

    static final String EXAMPLES = "SELECT inauthentic, genuine, changed_at FROM classifier_scope WHERE scope = ?";
    static final String TOKENS = "SELECT token, inauthentic, genuine FROM classifier_token"
            + " WHERE scope = ? AND (inauthentic > 0 OR genuine > 0)"
            + " ORDER BY inauthentic + genuine DESC, token FETCH FIRST ? ROWS ONLY";
    static final String TOKEN_COUNT =
            "SELECT count(*) FROM classifier_token WHERE scope = ? AND (inauthentic > 0 OR genuine > 0)";
    static final String RESET_TOKENS = "DELETE FROM classifier_token WHERE scope = ?";
    static final String RESET_SCOPE = "DELETE FROM classifier_scope WHERE scope = ?";

    static final String START_TRAINING = "INSERT INTO classifier_training (id, scope, requested_by, state,"
            + " started_at, updated_at, bytes_total, bytes_read, examples_read, inauthentic, genuine, skipped)"
            + " VALUES (?, ?, ?, 'RUNNING', ?, ?, ?, 0, 0, 0, 0, 0)";
    static final String PROGRESS = "UPDATE classifier_training SET bytes_read = ?, examples_read = ?, updated_at = ?"
            + " WHERE id = ? AND state = 'RUNNING'";
    static final String FINISH = "UPDATE classifier_training SET state = 'DONE', bytes_read = ?, examples_read = ?,"
            + " inauthentic = ?, genuine = ?, skipped = ?, updated_at = ? WHERE id = ? AND state = 'RUNNING'";
    static final String FAIL = "UPDATE classifier_training SET state = 'FAILED', bytes_read = ?, examples_read = ?,"
            + " failure = ?, updated_at = ? WHERE id = ? AND state = 'RUNNING'";
    static final String FORGET = "DELETE FROM classifier_training WHERE id = ?";
    static final String TRAINING_COLUMNS = "SELECT id, scope, state, started_at, updated_at, bytes_total, bytes_read,"
            + " examples_read, inauthentic, genuine, skipped, failure FROM classifier_training";
    /** Token rows sent to the database at once. */
    static final int TOKEN_BATCH = 1_000;

    private final DataSource dataSource;

    ClassifierCounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds to a scope's example counts, creating its row at 0 first. */
    protected abstract String addExamples();

    /** Adds to a token's counts, creating its row at 0 first. */
    protected abstract String addToken();

    /**
     * Learns a note's tokens as one example of a class ({@code +1}) or forgets it ({@code -1}), in the
     * caller's transaction.
     */
    void learn(Connection connection, String scope, Set<String> tokens, int inauthentic, int genuine, Instant now)
            throws SQLException {
        Map<String, NoteClassifier.TokenCounts> deltas = new TreeMap<>();
        NoteClassifier.TokenCounts delta = new NoteClassifier.TokenCounts(inauthentic, genuine);
        for (String token : tokens) {
            deltas.put(token, delta);
        }
        add(connection, scope, deltas, inauthentic, genuine, now);
    }

    /**
     * Adds examples to a scope's counts and each token's counts to its row, in the caller's
     * transaction. Tokens are written in order, so two transactions never wait on each other in a
     * cycle.
     */
    void add(
            Connection connection,
            String scope,
            Map<String, NoteClassifier.TokenCounts> tokens,
            long inauthentic,
            long genuine,
            Instant now)
            throws SQLException {
        try (PreparedStatement add = connection.prepareStatement(addExamples())) {
            add.setString(1, scope);
            add.setLong(2, inauthentic);
            add.setLong(3, genuine);
            add.setObject(4, JdbcScreeningStore.utc(now));
            add.executeUpdate();
        }
        if (tokens.isEmpty()) {
            return;
        }
        Map<String, NoteClassifier.TokenCounts> ordered = tokens instanceof TreeMap ? tokens : new TreeMap<>(tokens);
        try (PreparedStatement add = connection.prepareStatement(addToken())) {
            int batched = 0;
            for (Map.Entry<String, NoteClassifier.TokenCounts> token : ordered.entrySet()) {
                add.setString(1, scope);
                add.setString(2, token.getKey());
                add.setLong(3, token.getValue().inauthentic());
                add.setLong(4, token.getValue().genuine());
                add.addBatch();
                if (++batched == TOKEN_BATCH) {
                    add.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                add.executeBatch();
            }
        }
    }

    @Override
    public Optional<Examples> examples(String scope) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(EXAMPLES)) {
            query.setString(1, scope);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Examples(
                        row.getLong(1),
                        row.getLong(2),
                        row.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli()));
            }
        }
    }

    @Override
    public Map<String, NoteClassifier.TokenCounts> tokens(String scope, int limit) throws SQLException {
        Map<String, NoteClassifier.TokenCounts> tokens = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(TOKENS)) {
            query.setString(1, scope);
            query.setInt(2, limit);
            query.setFetchSize(1_000);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tokens.put(rows.getString(1), new NoteClassifier.TokenCounts(rows.getLong(2), rows.getLong(3)));
                }
            }
        }
        return tokens;
    }

    @Override
    public long tokenCount(String scope) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(TOKEN_COUNT)) {
            query.setString(1, scope);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    @Override
    public void reset(String scope) throws SQLException {
        Transactions.run(dataSource, connection -> {
            for (String sql : new String[] {RESET_TOKENS, RESET_SCOPE}) {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setString(1, scope);
                    delete.executeUpdate();
                }
            }
        });
    }

    @Override
    public void startTraining(UUID id, String scope, String requestedBy, Long bytesTotal, Instant now)
            throws SQLException {
        update(
                START_TRAINING,
                id,
                scope,
                requestedBy,
                JdbcScreeningStore.utc(now),
                JdbcScreeningStore.utc(now),
                bytesTotal);
    }

    @Override
    public void trainingProgress(UUID id, long bytesRead, long examplesRead, Instant now) throws SQLException {
        update(PROGRESS, bytesRead, examplesRead, JdbcScreeningStore.utc(now), id);
    }

    @Override
    public void finishTraining(
            Training done, Map<String, NoteClassifier.TokenCounts> learnt, Instant now, Idempotency.Claim claim)
            throws SQLException {
        Transactions.run(dataSource, connection -> {
            try (PreparedStatement update = connection.prepareStatement(FINISH)) {
                update.setLong(1, done.bytesRead());
                update.setLong(2, done.examplesRead());
                update.setLong(3, done.inauthentic());
                update.setLong(4, done.genuine());
                update.setLong(5, done.skipped());
                update.setObject(6, JdbcScreeningStore.utc(now));
                update.setObject(7, done.id());
                if (update.executeUpdate() != 1) {
                    throw new SQLException("The training is no longer running");
                }
            }
            if (done.inauthentic() + done.genuine() > 0) {
                add(connection, done.scope(), learnt, done.inauthentic(), done.genuine(), now);
            }
            claim.record(connection, 200, done.id().toString());
        });
    }

    @Override
    public void failTraining(UUID id, long bytesRead, long examplesRead, String failure, Instant now)
            throws SQLException {
        String reason = failure.length() > 500 ? failure.substring(0, 500) : failure;
        update(FAIL, bytesRead, examplesRead, reason, JdbcScreeningStore.utc(now), id);
    }

    @Override
    public void forgetTraining(UUID id) throws SQLException {
        update(FORGET, id);
    }

    /** One statement on its own connection (auto-commit), with its parameters in order. */
    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    @Override
    public Optional<Training> training(UUID id) throws SQLException {
        List<Training> found = trainings(TRAINING_COLUMNS + " WHERE id = ?", id, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<Training> trainings(String scope, int limit) throws SQLException {
        return trainings(
                TRAINING_COLUMNS + " WHERE scope = ? ORDER BY started_at DESC, id DESC FETCH FIRST ? ROWS ONLY",
                scope,
                limit);
    }

    private List<Training> trainings(String sql, Object key, int limit) throws SQLException {
        List<Training> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, key);
            if (sql.contains("FETCH FIRST")) {
                query.setInt(2, limit);
            }
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    found.add(new Training(
                            row.getObject(1, UUID.class),
                            row.getString(2),
                            row.getString(3),
                            row.getObject(4, OffsetDateTime.class).toInstant(),
                            row.getObject(5, OffsetDateTime.class).toInstant(),
                            row.getObject(6) == null ? null : row.getLong(6),
                            row.getLong(7),
                            row.getLong(8),
                            row.getLong(9),
                            row.getLong(10),
                            row.getLong(11),
                            row.getString(12)));
                }
            }
        }
        return found;
    }

    /** PostgreSQL: INSERT ... ON CONFLICT adds to the row atomically, even when two create it at once. */
    static final class Postgres extends ClassifierCounts {
        Postgres(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected String addExamples() {
            return "INSERT INTO classifier_scope (scope, inauthentic, genuine, changed_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (scope) DO UPDATE SET inauthentic = classifier_scope.inauthentic"
                    + " + EXCLUDED.inauthentic, genuine = classifier_scope.genuine + EXCLUDED.genuine,"
                    + " changed_at = EXCLUDED.changed_at";
        }

        @Override
        protected String addToken() {
            return "INSERT INTO classifier_token (scope, token, inauthentic, genuine) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (scope, token) DO UPDATE SET inauthentic = classifier_token.inauthentic"
                    + " + EXCLUDED.inauthentic, genuine = classifier_token.genuine + EXCLUDED.genuine";
        }
    }

    /** H2: the standard MERGE. */
    static final class H2 extends ClassifierCounts {
        H2(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected String addExamples() {
            return "MERGE INTO classifier_scope t USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS BIGINT),"
                    + " CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s(scope, inauthentic, genuine,"
                    + " changed_at) ON t.scope = s.scope WHEN MATCHED THEN UPDATE SET inauthentic = t.inauthentic"
                    + " + s.inauthentic, genuine = t.genuine + s.genuine, changed_at = s.changed_at"
                    + " WHEN NOT MATCHED THEN INSERT (scope, inauthentic, genuine, changed_at)"
                    + " VALUES (s.scope, s.inauthentic, s.genuine, s.changed_at)";
        }

        @Override
        protected String addToken() {
            return "MERGE INTO classifier_token t USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(64)),"
                    + " CAST(? AS BIGINT), CAST(? AS BIGINT))) AS s(scope, token, inauthentic, genuine)"
                    + " ON t.scope = s.scope AND t.token = s.token WHEN MATCHED THEN UPDATE SET"
                    + " inauthentic = t.inauthentic + s.inauthentic, genuine = t.genuine + s.genuine"
                    + " WHEN NOT MATCHED THEN INSERT (scope, token, inauthentic, genuine)"
                    + " VALUES (s.scope, s.token, s.inauthentic, s.genuine)";
        }
    }
}
