package dev.bonafide.storage;

import dev.bonafide.classifier.ClassifierStore;
import dev.bonafide.engine.NoteClassifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The classifier's counts in SQL: learning adds to a scope's example counts and to each token's row
 * (created at 0 first), in token order, inside the caller's transaction; one dialect statement
 * adds to a row atomically (PostgreSQL's INSERT ... ON CONFLICT, H2's MERGE).
 */
public abstract class ClassifierCounts implements ClassifierStore {

    static final String EXAMPLES = "SELECT inauthentic, genuine, changed_at FROM classifier_scope WHERE scope = ?";
    static final String TOKENS =
            "SELECT token, inauthentic, genuine FROM classifier_token WHERE scope = ? AND (inauthentic > 0 OR genuine > 0)";
    static final String RESET_TOKENS = "DELETE FROM classifier_token WHERE scope = ?";
    static final String RESET_SCOPE = "DELETE FROM classifier_scope WHERE scope = ?";

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
     * caller's transaction. Tokens are written in order, so two transactions never wait on each other
     * in a cycle.
     */
    void learn(Connection connection, String scope, Set<String> tokens, int inauthentic, int genuine, Instant now)
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
        try (PreparedStatement add = connection.prepareStatement(addToken())) {
            for (String token : new TreeSet<>(tokens)) {
                add.setString(1, scope);
                add.setString(2, token);
                add.setLong(3, inauthentic);
                add.setLong(4, genuine);
                add.addBatch();
            }
            add.executeBatch();
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
    public Map<String, NoteClassifier.TokenCounts> tokens(String scope) throws SQLException {
        Map<String, NoteClassifier.TokenCounts> tokens = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(TOKENS)) {
            query.setString(1, scope);
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
