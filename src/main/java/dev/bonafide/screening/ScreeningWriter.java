package dev.bonafide.screening;

import dev.bonafide.config.BonafideConfig;
import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.security.ScoringShare;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
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
 *
 * <p>Scoring does not hold the writers up: the rules that read only the request run on the
 * caller's thread before the screening is queued ({@link CompiledRuleset#begin}); a writer only
 * reads the history and runs the rules that read it ({@link CompiledRuleset.Partial#finish}).
 *
 * <p>A queued screening is {@link State#WAITING} until a writer takes it ({@link State#TAKEN}) or
 * its caller gives up on it ({@link State#CANCELLED}); a cancelled screening is never stored, so
 * a caller that cancels may truthfully answer that nothing was stored. When a commit itself fails,
 * whether it happened is unknown: its screenings fail with {@link OutcomeUnknown} and are never
 * tried again, so nothing is stored twice.
 *
 * <p>Failures are logged by SQL state and exception class only: driver messages hold the values of
 * the statement, which are notes and other request text.
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

    /** Where a queued screening is: waiting, taken by a writer, or given up by its caller. */
    enum State {
        WAITING,
        TAKEN,
        CANCELLED
    }

    /**
     * A screening waiting to be stored, with the request's facts and the outcome of the rules that
     * read only the request: the constructor runs them, on the caller's thread.
     */
    static final class Pending {
        final UUID id = UUID.randomUUID();
        final String appId;
        final ScreeningRequest request;
        final ConnectionRequest connection;
        final String fingerprint;
        final CompiledRuleset ruleset;
        final Idempotency.Claim claim;
        final Facts requestFacts;
        final CompletableFuture<Stored> stored = new CompletableFuture<>();
        private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
        /** The first phase's outcome, until a writer uses it; a retry begins again. */
        private CompiledRuleset.Partial begun;

        Pending(
                String appId,
                ScreeningRequest request,
                ConnectionRequest connection,
                String fingerprint,
                CompiledRuleset ruleset,
                Idempotency.Claim claim,
                Facts requestFacts) {
            this.appId = appId;
            this.request = request;
            this.connection = connection;
            this.fingerprint = fingerprint;
            this.ruleset = ruleset;
            this.claim = claim;
            this.requestFacts = requestFacts;
            this.begun = ruleset.begin(requestFacts);
        }

        String requesterId() {
            return connection.requesterId();
        }

        State state() {
            return state.get();
        }

        /** The writer's claim: false when the caller cancelled it first. */
        boolean take() {
            return state.compareAndSet(State.WAITING, State.TAKEN);
        }

        /** The caller's: false when a writer took it first, and it may still be stored. */
        boolean cancel() {
            return state.compareAndSet(State.WAITING, State.CANCELLED);
        }

        /**
         * Scores with the history. A partial is finished once: the caller's is used for the first
         * attempt, and an attempt after a rolled-back one runs the request's rules again.
         */
        synchronized Assessment finish(Facts facts) {
            CompiledRuleset.Partial partial = begun != null ? begun : ruleset.begin(requestFacts);
            begun = null;
            return partial.finish(facts);
        }
    }

    /** A committed screening. */
    record Stored(Screening screening, Assessment assessment) {}

    /** The writers cannot take more screenings now. */
    static final class Overloaded extends RuntimeException {
        Overloaded() {
            super("Too many screenings are waiting to be stored", null, false, false);
        }
    }

    /**
     * Storing failed and nothing was stored. Says only the SQL state and the exception class: the
     * driver's message, which may quote the request, is not kept.
     */
    static final class StoreFailed extends RuntimeException {
        private final boolean unreachable;

        StoreFailed(Throwable cause) {
            super("Screenings could not be stored: " + describe(cause), null, false, false);
            this.unreachable = ScreeningWriter.unreachable(cause);
        }

        /** The database could not be reached or the connection was lost before the commit. */
        boolean unreachable() {
            return unreachable;
        }
    }

    /** The commit failed: the screenings may or may not be stored. */
    static final class OutcomeUnknown extends RuntimeException {
        OutcomeUnknown(Throwable cause) {
            super("The commit of screenings failed: " + describe(cause), null, false, false);
        }
    }

    /** Signals a commit that failed, as opposed to a failure before it. */
    private static final class CommitFailed extends Exception {
        CommitFailed(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    /** Commits a transaction; a seam for tests. */
    interface Commit {
        void commit(Connection connection) throws SQLException;
    }

    private volatile Runnable beforeTake = () -> {};
    private volatile Runnable afterTake = () -> {};
    private volatile Commit commit = Connection::commit;

    /**
     * Tests: what a writer runs before it takes the screenings it drained from the queue, after it
     * took them (before the transaction), and in place of the commit. Null restores the default.
     */
    void seams(Runnable beforeTake, Runnable afterTake, Commit commit) {
        this.beforeTake = beforeTake == null ? () -> {} : beforeTake;
        this.afterTake = afterTake == null ? () -> {} : afterTake;
        this.commit = commit == null ? Connection::commit : commit;
    }

    private final DataSource dataSource;
    private final RequesterHistory history;
    private final FactsConverter factsJson;
    private final Clock clock;
    private final DistributionSummary batchSizes;
    private final int writers;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    /** The history rules' CPU counts toward the app's share, as the request rules' does. */
    private final ScoringShare share;

    private final LongSupplier cpu = ScoringShare.threadCpuClock();

    public ScreeningWriter(
            DataSource dataSource,
            RequesterHistory history,
            FactsConverter factsJson,
            Clock clock,
            MeterRegistry registry,
            ScoringShare share,
            BonafideConfig config) {
        this.share = share;
        int writers = config.screening().writers();
        int maxBatch = config.screening().maxBatch();
        int maxWaiting = config.screening().maxWaiting();
        this.dataSource = dataSource;
        this.history = history;
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
                beforeTake.run();
                // A screening its caller gave up on is never stored.
                batch.removeIf(pending -> !pending.take());
                if (batch.isEmpty()) {
                    continue;
                }
                afterTake.run();
                batchSizes.record(batch.size());
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // store() completes every future itself; this only keeps the writer alive. Whether
                // anything of the batch was stored is not known here.
                LOG.errorf("A screening writer failed: %s", describe(e));
                OutcomeUnknown unknown = new OutcomeUnknown(e);
                batch.forEach(p -> p.stored.completeExceptionally(unknown));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Stores a batch in one transaction; on failure, each screening alone. A batch whose commit
     * failed is not tried again: it may be stored.
     */
    void store(List<Pending> batch) {
        Throwable failure = null;
        for (int attempt = 1; attempt <= RETRIES; attempt++) {
            try {
                List<Stored> stored = storeInOneTransaction(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).stored.complete(stored.get(i));
                }
                return;
            } catch (CommitFailed e) {
                LOG.warnf(
                        "The commit of %d screenings failed, they may be stored: %s",
                        batch.size(), describe(e.getCause()));
                OutcomeUnknown unknown = new OutcomeUnknown(e.getCause());
                batch.forEach(p -> p.stored.completeExceptionally(unknown));
                return;
            } catch (SQLException | RuntimeException e) {
                failure = e;
                if (!(e instanceof SQLException sql && retryable(sql))) {
                    break;
                }
                LOG.debugf("Batch of %d screenings retried after %s", batch.size(), describe(e));
            }
        }
        if (batch.size() > 1 && !unreachable(failure)) {
            LOG.warnf("Batch of %d screenings failed (%s); storing each alone", batch.size(), describe(failure));
            for (Pending pending : batch) {
                store(List.of(pending));
            }
            return;
        }
        // A key another request of the same Idempotency-Key stored first is expected (that one is
        // answered); a lost database is answered 503; anything else is a fault.
        Logger.Level level = unreachable(failure)
                ? Logger.Level.WARN
                : integrityViolation(failure) ? Logger.Level.DEBUG : Logger.Level.ERROR;
        LOG.logf(level, "%d screening(s) not stored: %s", batch.size(), describe(failure));
        StoreFailed failed = new StoreFailed(failure);
        batch.forEach(p -> p.stored.completeExceptionally(failed));
    }

    private List<Stored> storeInOneTransaction(List<Pending> batch) throws SQLException, CommitFailed {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Stored> stored = write(connection, batch);
                try {
                    commit.commit(connection);
                } catch (SQLException | RuntimeException e) {
                    try {
                        connection.rollback();
                    } catch (SQLException rollback) {
                        // The connection is most likely gone; the commit's failure is the one to report.
                    }
                    throw new CommitFailed(e);
                }
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
                    lookups.add(new RequesterHistory.Lookup(
                            pending.appId,
                            pending.requesterId(),
                            pending.fingerprint,
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
                Facts facts = pending.requestFacts.withHistory(seen[index] == null ? HistoryFacts.NONE : seen[index]);
                long started = cpu.getAsLong();
                Assessment assessment = pending.finish(facts);
                share.charge(pending.appId, cpu.getAsLong() - started);
                Screening screening = Screening.from(
                        pending.id, now, pending.appId, pending.request, pending.fingerprint, facts, assessment);
                screenings.add(screening);
                stored[index] = new Stored(screening, assessment);
            }
            insert(connection, screenings);
            for (int index : round) {
                batch.get(index)
                        .claim
                        .record(connection, 201, batch.get(index).id.toString());
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

    /** SQL state class 23: a constraint, such as an idempotency key stored concurrently. */
    private static boolean integrityViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private static boolean unreachable(Throwable e) {
        return e != null && dev.bonafide.web.ProblemMappers.databaseUnreachable(e);
    }

    /**
     * A failure as logs may show it: exception classes and SQL states along the causes, never a
     * message, which may quote the values of a statement.
     */
    static String describe(Throwable e) {
        return dev.bonafide.config.Failures.describe(e);
    }
}
