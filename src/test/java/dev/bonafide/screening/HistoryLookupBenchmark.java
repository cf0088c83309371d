package dev.bonafide.screening;

import dev.bonafide.storage.JdbcScreeningStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the history facts of one screening (the two per-app queries {@link JdbcScreeningStore}
 * runs), against PostgreSQL holding 1 million screenings (10 thousand with {@code -p screenings=10000}).
 * Each run creates its own schema from the Flyway migrations and fills it with generate_series:
 * 10 screenings per requester spread over the last 10 days, from 4 apps whose requester ids overlap,
 * plus the measured requester with 50 screenings of one note in the measured app and 50 more under
 * the same id in another app (which the queries must skip).
 *
 * <p>Run with {@code scripts/bench.sh HistoryLookup}; results are in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HistoryLookupBenchmark {

    private static final String APP = "app-0";
    private static final String OTHER_APP = "app-1";
    private static final String REQUESTER = "bench-requester";
    private static final String FINGERPRINT = "0123456789abcdef0123456789abcdef";

    @Param({"1000000"})
    public int screenings;

    private Connection connection;
    private String schema;
    private PreparedStatement recent;
    private PreparedStatement sameNote;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        String url = System.getProperty("bench.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test");
        connection = DriverManager.getConnection(url, System.getProperty("bench.jdbc.user", "postgres"), "");
        schema = "bonafide_bench_" + screenings;
        try (Statement s = connection.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
            try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
                for (Path migration : files.sorted().toList()) {
                    s.execute(Files.readString(migration));
                }
            }
            s.execute("""
                    INSERT INTO screening (id, created_at, mutual_connections, requester_network_size, requester_id,
                        recipient_id, known_to_recipient, score, verdict, ruleset_version, note_fingerprint, app_id)
                    SELECT gen_random_uuid(), now() - (i %% 14400) * interval '1 minute', 0, 300,
                        'requester-' || (i / 40), 'recipient-' || i, false, 50,
                        CASE WHEN i %% 3 = 0 THEN 'DECLINE' ELSE 'REVIEW' END, 1, md5((i / 10)::text), 'app-' || ((i / 10) %% 4)
                    FROM generate_series(1, %d) AS i
                    """.formatted(screenings - 100));
            for (String app : new String[] {APP, OTHER_APP}) {
                s.execute("""
                        INSERT INTO screening (id, created_at, mutual_connections, requester_network_size, requester_id,
                            recipient_id, known_to_recipient, score, verdict, ruleset_version, note_fingerprint, app_id)
                        SELECT gen_random_uuid(), now() - i * interval '20 minutes', 0, 300, '%s',
                            'recipient-b-' || i, false, 40, 'REVIEW', 1, '%s', '%s'
                        FROM generate_series(1, 50) AS i
                        """.formatted(REQUESTER, FINGERPRINT, app));
            }
            s.execute("ANALYZE screening");
        }
        recent = connection.prepareStatement(JdbcScreeningStore.RECENT);
        sameNote = connection.prepareStatement(JdbcScreeningStore.SAME_NOTE_OTHER_RECIPIENTS);
    }

    @TearDown(Level.Trial)
    public void drop() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        connection.close();
    }

    /**
     * Both history queries of one screening: recent requests with verdicts, and copies of the note,
     * of the measured requester in the measured app (50 of each; the other app's 50 do not count).
     */
    @Benchmark
    public long historyOfOneScreening() throws SQLException {
        Instant now = Instant.now();
        bind(
                recent,
                Timestamp.from(now.minusSeconds(3600)),
                Timestamp.from(now.minusSeconds(86400)),
                APP,
                REQUESTER,
                Timestamp.from(now.minusSeconds(7 * 86400)));
        long total = 0;
        try (ResultSet rs = recent.executeQuery()) {
            rs.next();
            if (rs.getLong(1) != 50) {
                throw new IllegalStateException("counted " + rs.getLong(1) + " screenings, not the app's 50");
            }
            total += rs.getLong(1) + rs.getLong(2) + rs.getLong(3) + rs.getLong(4);
        }
        bind(sameNote, APP, REQUESTER, FINGERPRINT, Timestamp.from(now.minusSeconds(7 * 86400)), "recipient-new");
        try (ResultSet rs = sameNote.executeQuery()) {
            rs.next();
            total += rs.getLong(1);
        }
        return total;
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }
}
