import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The insert floor of scripts/load.sh where pgbench cannot go (H2, embedded): CLIENTS threads, each
 * with its own connection, store the rows of one screening per transaction (the screening row and
 * three reasons, the same rows as insert-floor.sql) as fast as they can, the way the service's JDBC
 * does it (a prepared insert, a batch of reasons, a commit). Run with the source launcher and the
 * packaged service's drivers on the class path:
 *
 * <pre>java -cp 'target/bench-h2/lib/main/*' scripts/load/InsertFloor.java URL USER PASSWORD CLIENTS SECONDS [MIGRATIONS_DIR]</pre>
 *
 * With MIGRATIONS_DIR, the tables are made from the service's migrations when they are missing. It
 * warms up for a few seconds first, then prints one RESULT line like the wrk script's.
 */
public class InsertFloor {

    static final String MESSAGE = "Hello, I am a data engineer in Gdansk. I read your article on event sourcing "
            + "and would like to connect to learn.";
    static final String FACTS = "{\"mutualConnections\":3,\"requesterNetworkSize\":350,\"knownToRecipient\":false,"
            + "\"hasRequesterId\":true,\"hasNote\":true,\"wordCount\":22,\"linkCount\":0,\"capsShare\":0.05194805194805195,"
            + "\"exclamationCount\":0,\"moneyAmountCount\":0,\"longNumberCount\":0,\"introducesSender\":true,"
            + "\"givesReason\":true,\"mentionsRecipientWork\":true,\"flattersLooks\":false,\"stockTemplate\":false,"
            + "\"networkerTalk\":false,\"salesPitch\":false,\"moneyTalk\":false,\"headlineNetworker\":false,"
            + "\"requesterRequestsLastHour\":0,\"requesterRequestsLastDay\":0,\"requesterScreeningsLast7Days\":0,"
            + "\"requesterDeclinedShare\":0.0,\"sameNoteRecipientsLast7Days\":0}";
    static final String[][] REASONS = {
            {"knows-recipient-work", "15", "The note shows the sender knows the recipient's work."},
            {"introduces-sender", "10", "The note says who the sender is, in their own words."},
            {"some-mutual-connections", "5", "The two have 3 connection(s) in common."}};

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: InsertFloor URL USER PASSWORD CLIENTS SECONDS [MIGRATIONS_DIR]");
            System.exit(2);
        }
        String url = args[0];
        String user = args[1];
        String password = args[2];
        int clients = Integer.parseInt(args[3]);
        double seconds = Double.parseDouble(args[4]);
        if (args.length > 5) {
            migrate(url, user, password, Path.of(args[5]));
        }
        double warmup = Math.min(5, Math.max(1, seconds / 3));
        run(url, user, password, clients, warmup);
        long[][] latencies = run(url, user, password, clients, seconds);
        long count = Arrays.stream(latencies).mapToLong(l -> l.length).sum();
        long[] all = new long[(int) count];
        int at = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        Arrays.sort(all);
        double mean = Arrays.stream(all).average().orElse(0);
        System.out.printf(java.util.Locale.ROOT,
                "RESULT requests=%d seconds=%.3f rps=%.1f mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f "
                        + "max_ms=%.3f non2xx=0 socket_errors=0 timeouts=0%n",
                count, seconds, count / seconds, mean / 1e6, pct(all, 50) / 1e6, pct(all, 90) / 1e6, pct(all, 99) / 1e6,
                pct(all, 99.9) / 1e6, (all.length == 0 ? 0 : all[all.length - 1]) / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void migrate(String url, String user, String password, Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            try {
                s.executeQuery("SELECT count(*) FROM screening").close();
                return;
            } catch (SQLException missing) {
                // no tables yet
            }
            try (var files = Files.list(dir)) {
                for (Path migration : files.sorted().toList()) {
                    for (String statement : Files.readString(migration).split(";\\s*(\\r?\\n|$)")) {
                        if (!statement.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
                            s.execute(statement);
                        }
                    }
                }
            }
        }
    }

    private static long[][] run(String url, String user, String password, int clients, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[][] results = new long[clients][];
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    results[index] = client(url, user, password, stop);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    results[index] = new long[0];
                }
            });
            threads.add(thread);
            thread.start();
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            failures.get(0).printStackTrace();
            System.exit(1);
        }
        return results;
    }

    private static long[] client(String url, String user, String password, AtomicBoolean stop) throws SQLException {
        long[] latencies = new long[1024];
        int n = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement screening = c.prepareStatement("""
                     INSERT INTO screening (id, created_at, message, mutual_connections, requester_network_size,
                         requester_id, requester_headline, recipient_id, known_to_recipient, score, verdict,
                         ruleset_version, note_fingerprint, facts)
                     VALUES (?, ?, ?, 3, 350, ?, 'Data engineer at a logistics company', ?, false, 65, 'ACCEPT', 1, ?, ?)""");
             PreparedStatement reason = c.prepareStatement("""
                     INSERT INTO screening_reason (screening_id, position, rule_id, points, action, explanation)
                     VALUES (?, ?, ?, ?, NULL, ?)""")) {
            c.setAutoCommit(false);
            while (!stop.get()) {
                long started = System.nanoTime();
                UUID id = UUID.randomUUID();
                int requester = random.nextInt(1, 100_001);
                screening.setObject(1, id);
                screening.setTimestamp(2, Timestamp.from(Instant.now()));
                screening.setString(3, MESSAGE);
                screening.setString(4, "member-" + requester);
                screening.setString(5, "member-" + random.nextInt(1, 200_001));
                screening.setString(6, Integer.toHexString(requester) + "0123456789abcdef0123456789abcdef".substring(8));
                screening.setString(7, FACTS);
                screening.executeUpdate();
                for (int p = 0; p < REASONS.length; p++) {
                    reason.setObject(1, id);
                    reason.setInt(2, p);
                    reason.setString(3, REASONS[p][0]);
                    reason.setInt(4, Integer.parseInt(REASONS[p][1]));
                    reason.setString(5, REASONS[p][2]);
                    reason.addBatch();
                }
                reason.executeBatch();
                c.commit();
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = System.nanoTime() - started;
            }
        }
        return Arrays.copyOf(latencies, n);
    }
}
