package dev.bonafide.screening;

import dev.bonafide.config.BonafideConfig;
import dev.bonafide.config.Failures;
import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.security.ScoringShare;
import dev.bonafide.storage.SqlFailures;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
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
 * <p>When the service is asked to stop (SIGTERM), it keeps taking screenings for Quarkus' shutdown
 * delay ({@code quarkus.shutdown.delay}, while the readiness check is down and load balancers stop
 * sending), then refuses new ones ({@link Stopping}, nothing stored) while the writers store every
 * screening already queued; Quarkus meanwhile waits for the requests in flight ({@code
 * quarkus.shutdown.timeout}), so each of their callers is answered before the HTTP server closes.
 *
 * <p>Failures are logged by SQL state and exception class only: driver messages hold the values of
 * the statement, which are notes and other request text.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

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

    /** The service is stopping: it takes no new screenings. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("The service is stopping and takes no new screenings", null, false, false);
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
            this.unreachable = SqlFailures.unreachable(cause);
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
        void commit(ScreeningStore.Transaction transaction) throws SQLException;
    }

    private volatile Runnable beforeTake = () -> {};
    private volatile Runnable afterTake = () -> {};
    private volatile Commit commit = ScreeningStore.Transaction::commit;

    /**
     * Tests: what a writer runs before it takes the screenings it drained from the queue, after it
     * took them (before the transaction), and in place of the commit. Null restores the default.
     */
    void seams(Runnable beforeTake, Runnable afterTake, Commit commit) {
        this.beforeTake = beforeTake == null ? () -> {} : beforeTake;
        this.afterTake = afterTake == null ? () -> {} : afterTake;
        this.commit = commit == null ? ScreeningStore.Transaction::commit : commit;
    }

    private final ScreeningStore store;
    private final ExecutorService executor;
    private final Clock clock;
    private final DistributionSummary batchSizes;
    private final int writers;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue;
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean stopping;
    /** How long the service serves normally after it is asked to stop: Quarkus' shutdown delay. */
    private final Duration shutdownDelay;
    /** Whether the service was asked to stop, and from when (System.nanoTime) it refuses screenings. */
    private volatile boolean draining;

    private volatile long refuseFrom;
    /** The history rules' CPU counts toward the app's share, as the request rules' does. */
    private final ScoringShare share;

    private final LongSupplier cpu = ScoringShare.threadCpuClock();

    public GroupCommit(
            ScreeningStore store,
            ExecutorService executor,
            Clock clock,
            MeterRegistry registry,
            ScoringShare share,
            BonafideConfig config,
            @ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> shutdownDelay) {
        this.share = share;
        this.shutdownDelay = shutdownDelay.orElse(Duration.ZERO);
        int writers = config.screening().writers();
        int maxBatch = config.screening().maxBatch();
        int maxWaiting = config.screening().maxWaiting();
        this.store = store;
        this.executor = executor;
        this.clock = clock;
        this.batchSizes = DistributionSummary.builder("bonafide.screening.batch.size")
                .description("Screenings stored in one transaction")
                .register(registry);
        this.writers = Math.max(1, writers);
        this.maxBatch = Math.max(1, maxBatch);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, maxWaiting));
    }

    /** The writers run on Quarkus' managed executor for as long as the service does. */
    void start(@Observes StartupEvent event) {
        for (int i = 0; i < writers; i++) {
            running.add(executor.submit(this::run));
        }
    }

    /**
     * The service was asked to stop (Quarkus' pre-shutdown, which {@code quarkus.shutdown.delay-enabled}
     * turns on): new screenings are refused once the shutdown delay is over; the writers go on.
     */
    void draining(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFrom = System.nanoTime() + shutdownDelay.toNanos();
        draining = true;
        LOG.infof(
                "Stopping: new screenings are refused in %d ms; %d waiting are being stored",
                shutdownDelay.toMillis(), queue.size());
    }

    /** Tests: takes screenings again after {@link #draining}. */
    void resume() {
        draining = false;
    }

    /** Whether new screenings are refused because the service is stopping. */
    boolean refusing() {
        return stopping || (draining && System.nanoTime() - refuseFrom >= 0);
    }

    /** Stores what is still waiting, then lets the writers end. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        for (Future<?> writer : running) {
            try {
                writer.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("A screening writer did not end cleanly: %s", describe(e));
            }
        }
    }

    /** Queues a screening; its future completes once it is committed, or fails. */
    CompletableFuture<Stored> submit(Pending pending) {
        if (refusing()) {
            throw new Stopping();
        }
        if (!queue.offer(pending)) {
            throw new Overloaded();
        }
        return pending.stored;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                // Once the service is stopping, the writers notice the end sooner: the HTTP server
                // closes only after they have ended.
                Pending first = queue.poll(draining ? 5 : 100, TimeUnit.MILLISECONDS);
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
                if (!SqlFailures.retryable(e)) {
                    break;
                }
                LOG.debugf("Batch of %d screenings retried after %s", batch.size(), describe(e));
            }
        }
        if (batch.size() > 1 && !SqlFailures.unreachable(failure)) {
            LOG.warnf("Batch of %d screenings failed (%s); storing each alone", batch.size(), describe(failure));
            for (Pending pending : batch) {
                store(List.of(pending));
            }
            return;
        }
        // A key another request of the same Idempotency-Key stored first is expected (that one is
        // answered); a lost database is answered 503; anything else is a fault.
        Logger.Level level = SqlFailures.unreachable(failure)
                ? Logger.Level.WARN
                : SqlFailures.integrityViolation(failure) ? Logger.Level.DEBUG : Logger.Level.ERROR;
        LOG.logf(level, "%d screening(s) not stored: %s", batch.size(), describe(failure));
        StoreFailed failed = new StoreFailed(failure);
        batch.forEach(p -> p.stored.completeExceptionally(failed));
    }

    private List<Stored> storeInOneTransaction(List<Pending> batch) throws SQLException, CommitFailed {
        try (ScreeningStore.Transaction transaction = store.begin()) {
            List<Stored> stored;
            try {
                stored = lockScoreAndInsert(transaction, batch);
            } catch (SQLException | RuntimeException e) {
                // A lost connection fails the rollback too; the first failure is the one to report.
                try {
                    transaction.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
            try {
                commit.commit(transaction);
            } catch (SQLException | RuntimeException e) {
                try {
                    transaction.rollback();
                } catch (SQLException rollback) {
                    // The connection is most likely gone; the commit's failure is the one to report.
                }
                throw new CommitFailed(e);
            }
            return stored;
        }
    }

    /**
     * The work of one transaction: locks the batch's requesters, then round by round counts their
     * history under the lock, scores each screening with it (the rules that read the history, an
     * explicit engine call), inserts the round and records its idempotency keys.
     */
    private List<Stored> lockScoreAndInsert(ScreeningStore.Transaction transaction, List<Pending> batch)
            throws SQLException {
        List<ScreeningStore.Requester> requesters = new ArrayList<>();
        for (Pending pending : batch) {
            if (pending.requesterId() != null) {
                requesters.add(new ScreeningStore.Requester(pending.appId, pending.requesterId()));
            }
        }
        transaction.lockRequesters(requesters);
        // After the locks: a screening is never dated before one it counted.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        Stored[] stored = new Stored[batch.size()];
        for (List<Integer> round : rounds(batch)) {
            HistoryFacts[] history = countHistory(transaction, batch, round, now);
            List<Screening> screenings = new ArrayList<>(round.size());
            for (int index : round) {
                Pending pending = batch.get(index);
                Facts facts = pending.requestFacts.withHistory(history[index]);
                Assessment assessment = scoreWithHistory(pending, facts);
                Screening screening = Screening.from(
                        pending.id, now, pending.appId, pending.request, pending.fingerprint, facts, assessment);
                screenings.add(screening);
                stored[index] = new Stored(screening, assessment);
            }
            transaction.insert(screenings);
            for (int index : round) {
                Pending pending = batch.get(index);
                transaction.recordKey(pending.claim, 201, pending.id.toString());
            }
        }
        return List.of(stored);
    }

    /** The history of each screening of a round, by its index in the batch; none without a requester. */
    private static HistoryFacts[] countHistory(
            ScreeningStore.Transaction transaction, List<Pending> batch, List<Integer> round, Instant now)
            throws SQLException {
        List<Integer> counted = new ArrayList<>();
        List<ScreeningStore.Lookup> lookups = new ArrayList<>();
        for (int index : round) {
            Pending pending = batch.get(index);
            if (pending.requesterId() != null) {
                counted.add(index);
                lookups.add(new ScreeningStore.Lookup(
                        pending.appId, pending.requesterId(), pending.fingerprint, pending.connection.recipientId()));
            }
        }
        HistoryFacts[] history = new HistoryFacts[batch.size()];
        Arrays.fill(history, HistoryFacts.NONE);
        List<HistoryFacts> read = transaction.countHistoryUnderLock(lookups, now);
        for (int i = 0; i < counted.size(); i++) {
            history[counted.get(i)] = read.get(i);
        }
        return history;
    }

    /** Runs the rules that read the history; their CPU counts toward the app's share. */
    private Assessment scoreWithHistory(Pending pending, Facts facts) {
        long started = cpu.getAsLong();
        Assessment assessment = pending.finish(facts);
        share.charge(pending.appId, cpu.getAsLong() - started);
        return assessment;
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

    /**
     * A failure as logs may show it: exception classes and SQL states along the causes, never a
     * message, which may quote the values of a statement.
     */
    static String describe(Throwable e) {
        return Failures.describe(e);
    }
}
