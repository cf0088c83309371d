package dev.bonafide.screening;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.engine.Screener;
import dev.bonafide.web.Idempotency;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stores screenings, committing the screenings that arrive together in one transaction (group
 * commit). Callers hand over a {@link Pending} screening and wait for its future, which completes
 * only after the commit, so nothing is answered before it is stored.
 *
 * <p>A few writer threads each take what is waiting (up to {@code bonafide.screening.max-batch}) and,
 * in one transaction: lock the batch's requesters, count their history, score each request, insert
 * the screenings, their reasons and their idempotency keys, and commit. Several screenings of one
 * requester in a batch are counted in turn, each seeing the ones before it. When a batch fails for
 * a reason other than an unreachable database, its screenings are retried one transaction each, so
 * that one bad screening fails alone.
 */
@ApplicationScoped
public class ScreeningWriter {

    private static final Logger LOG = Logger.getLogger(ScreeningWriter.class);

    static final String INSERT_SCREENING = """
            INSERT INTO screening (id, created_at, message, mutual_connections, requester_network_size, requester_id,
                requester_headline, recipient_id, known_to_recipient, score, verdict, ruleset_version, note_fingerprint,
                facts, app_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String INSERT_REASON = """
            INSERT INTO screening_reason (screening_id, position, rule_id, points, action, explanation)
            VALUES (?, ?, ?, ?, ?, ?)""";

    /** A deadlock or a serialization failure: the whole batch may simply be tried again. */
    private static final int RETRIES = 3;

    /** A screening waiting to be scored and stored. */
    static final class Pending {
        final UUID id = UUID.randomUUID();
        final String appId;
        final ScreeningRequest request;
        final ConnectionRequest connection;
        final String fingerprint;
        final CompiledRuleset ruleset;
        final Idempotency.Claim claim;
        final CompletableFuture<Stored> stored = new CompletableFuture<>();

        Pending(String appId, ScreeningRequest request, ConnectionRequest connection, String fingerprint,
                CompiledRuleset ruleset, Idempotency.Claim claim) {
            this.appId = appId;
            this.request = request;
            this.connection = connection;
            this.fingerprint = fingerprint;
            this.ruleset = ruleset;
            this.claim = claim;
        }

        String requesterId() {
            return connection.requesterId();
        }
    }

    /** A committed screening. */
    record Stored(Screening screening, Assessment assessment) {
    }

    /** The writers cannot take more screenings now. */
    static final class Overloaded extends RuntimeException {
        Overloaded() {
            super("Too many screenings are waiting to be stored", null, false, false);
        }
    }

    /** Storing failed; the cause says why. */
    static final class StoreFailed extends RuntimeException {
        StoreFailed(Throwable cause) {
            super("Screenings could not be stored: " + cause.getMessage(), cause);
        }
    }

    private final DataSource dataSource;
    private final RequesterHistory history;
    private final Screener screener;
    private final FactsConverter factsJson;
    private final Clock clock;
    private final DistributionSummary batchSizes;
    private final int writers;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    public ScreeningWriter(DataSource dataSource, RequesterHistory history, Screener screener, FactsConverter factsJson,
                           Clock clock, MeterRegistry registry,
                           @ConfigProperty(name = "bonafide.screening.writers", defaultValue = "2") int writers,
                           @ConfigProperty(name = "bonafide.screening.max-batch", defaultValue = "64") int maxBatch,
                           @ConfigProperty(name = "bonafide.screening.max-waiting", defaultValue = "4096") int maxWaiting) {
        this.dataSource = dataSource;
        this.history = history;
        this.screener = screener;
        this.factsJson = factsJson;
        this.clock = clock;
        this.batchSizes = DistributionSummary.builder("bonafide.screening.batch.size")
                .description("Screenings stored in one transaction")
                .register(registry);
        this.writers = Math.max(1, writers);
        this.maxBatch = Math.max(1, maxBatch);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, maxWaiting));
    }

    void start(@Observes StartupEvent event) {
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(this::run, "screening-writer-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stores what is still waiting, then lets the writers end. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Queues a screening; its future completes once it is committed, or fails. */
    CompletableFuture<Stored> submit(Pending pending) {
        if (stopping || !queue.offer(pending)) {
            throw new Overloaded();
        }
        return pending.stored;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                batchSizes.record(batch.size());
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // store() completes every future itself; this only keeps the writer alive.
                LOG.error("A screening writer failed", e);
                batch.forEach(p -> p.stored.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** Stores a batch in one transaction; on failure, each screening alone. */
    void store(List<Pending> batch) {
        Throwable failure = null;
        for (int attempt = 1; attempt <= RETRIES; attempt++) {
            try {
                List<Stored> stored = storeInOneTransaction(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).stored.complete(stored.get(i));
                }
                return;
            } catch (SQLException | RuntimeException e) {
                failure = e;
                if (!(e instanceof SQLException sql && retryable(sql))) {
                    break;
                }
                LOG.debugf("Batch of %d screenings retried after: %s", batch.size(), e.getMessage());
            }
        }
        if (batch.size() > 1 && !unreachable(failure)) {
            LOG.debugf("Batch of %d screenings failed (%s); storing each alone", batch.size(), failure.getMessage());
            for (Pending pending : batch) {
                store(List.of(pending));
            }
            return;
        }
        StoreFailed failed = new StoreFailed(failure);
        batch.forEach(p -> p.stored.completeExceptionally(failed));
    }

    private List<Stored> storeInOneTransaction(List<Pending> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Stored> stored = write(connection, batch);
                connection.commit();
                connection.setAutoCommit(true);
                return stored;
            } catch (SQLException | RuntimeException e) {
                // A lost connection fails these too; the first failure is the one to report.
                try {
                    connection.rollback();
                    connection.setAutoCommit(true);
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    private List<Stored> write(Connection connection, List<Pending> batch) throws SQLException {
        List<RequesterHistory.Key> requesters = new ArrayList<>();
        for (Pending pending : batch) {
            if (pending.requesterId() != null) {
                requesters.add(new RequesterHistory.Key(pending.appId, pending.requesterId()));
            }
        }
        history.lock(connection, requesters);
        // After the locks: a screening is never dated before one it counted.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        Stored[] stored = new Stored[batch.size()];
        for (List<Integer> round : rounds(batch)) {
            List<Integer> counted = new ArrayList<>();
            List<RequesterHistory.Lookup> lookups = new ArrayList<>();
            for (int index : round) {
                Pending pending = batch.get(index);
                if (pending.requesterId() != null) {
                    counted.add(index);
                    lookups.add(new RequesterHistory.Lookup(pending.appId, pending.requesterId(), pending.fingerprint,
                            pending.connection.recipientId()));
                }
            }
            HistoryFacts[] seen = new HistoryFacts[batch.size()];
            List<HistoryFacts> read = history.read(connection, lookups, now);
            for (int i = 0; i < counted.size(); i++) {
                seen[counted.get(i)] = read.get(i);
            }
            List<Screening> screenings = new ArrayList<>(round.size());
            for (int index : round) {
                Pending pending = batch.get(index);
                Facts facts = screener.facts(pending.connection, seen[index] == null ? HistoryFacts.NONE : seen[index]);
                Assessment assessment = pending.ruleset.assess(facts);
                Screening screening = Screening.from(pending.id, now, pending.appId, pending.request,
                        pending.fingerprint, facts, assessment);
                screenings.add(screening);
                stored[index] = new Stored(screening, assessment);
            }
            insert(connection, screenings);
            for (int index : round) {
                batch.get(index).claim.record(connection, 201, batch.get(index).id.toString());
            }
        }
        return List.of(stored);
    }

    /**
     * Splits a batch so that no round holds two screenings of one requester: round k holds each
     * requester's k-th screening. A round's history is read after the rounds before it are written,
     * in the same transaction, so it counts them.
     */
    static List<List<Integer>> rounds(List<Pending> batch) {
        List<List<Integer>> rounds = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            String requester = batch.get(i).requesterId();
            int round = requester == null ? 0 : seen.merge(requester, 1, Integer::sum) - 1;
            while (rounds.size() <= round) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        return rounds;
    }

    private void insert(Connection connection, List<Screening> screenings) throws SQLException {
        boolean anyReasons = false;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SCREENING)) {
            for (Screening s : screenings) {
                insert.setObject(1, s.id);
                insert.setObject(2, RequesterHistory.utc(s.createdAt));
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

    /** PostgreSQL's deadlock and serialization failures; H2's deadlock and lock time-out. */
    private static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("40P01") || state.equals("40001") || state.equals("HYT00")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean unreachable(Throwable e) {
        return dev.bonafide.web.ProblemMappers.databaseUnreachable(e);
    }
}
