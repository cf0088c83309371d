package dev.bonafide.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bonafide.config.BonafideConfig;
import dev.bonafide.config.Failures;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.rules.ActiveRuleset;
import dev.bonafide.rules.RuleView;
import dev.bonafide.rules.RulesetStore;
import dev.bonafide.screening.PreviewRequest;
import dev.bonafide.screening.ScreeningMetrics;
import dev.bonafide.security.ScoringShare;
import dev.bonafide.storage.SqlFailures;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Starts, runs and cancels backtests. Their state is in the database, so any instance answers for
 * any backtest; the replay itself runs on the instance that took the request, at most
 * {@code bonafide.backtest.max-running} at once (the rest wait in order), on Quarkus' managed
 * executor. Each instance refreshes the heartbeat of the backtests it holds and fails those whose
 * instance stopped refreshing theirs: a backtest is never left running by an instance that is gone.
 */
@ApplicationScoped
public class BacktestService {

    private static final Logger LOG = Logger.getLogger(BacktestService.class);

    /** The window when none is given: the 30 days before its end. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    static final String STOPPED = "The instance running it stopped before it finished; start the backtest again.";
    static final String LOST =
            "The instance running it stopped answering before it finished; start the backtest again.";

    /** A backtest held by this instance: queued or running here. */
    private static final class Job {
        final UUID id;
        final CompiledRuleset ruleset;
        final BacktestStore.Traffic traffic;
        final Integer sampleSize;
        volatile boolean cancelled;
        volatile long processed;

        Job(UUID id, CompiledRuleset ruleset, BacktestStore.Traffic traffic, Integer sampleSize) {
            this.id = id;
            this.ruleset = ruleset;
            this.traffic = traffic;
            this.sampleSize = sampleSize;
        }
    }

    private final BacktestStore store;
    private final RulesetStore rulesets;
    private final ActiveRuleset active;
    private final Idempotency idempotency;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final BonafideConfig.Backtest settings;
    private final ScreeningMetrics live;

    private final Map<UUID, Job> held = new ConcurrentHashMap<>();
    /** Guarded by itself; {@link #running} too. */
    private final Deque<Job> queue = new ArrayDeque<>();

    private int running;
    private volatile boolean stopping;
    /** Runs before each stored screening a replay reads: a seam for tests that pace a replay. */
    private volatile Runnable beforeRow = () -> {};

    private volatile ScheduledFuture<?> heartbeat;

    public BacktestService(
            BacktestStore store,
            RulesetStore rulesets,
            ActiveRuleset active,
            Idempotency idempotency,
            ObjectMapper json,
            Clock clock,
            ExecutorService executor,
            ScheduledExecutorService scheduler,
            ScreeningMetrics live,
            BonafideConfig config) {
        this.live = live;
        this.store = store;
        this.rulesets = rulesets;
        this.active = active;
        this.idempotency = idempotency;
        this.json = json;
        this.clock = clock;
        this.executor = executor;
        this.scheduler = scheduler;
        this.settings = config.backtest();
    }

    void begin(@Observes StartupEvent event) {
        long every = settings.heartbeat().toMillis();
        // The first sweep one beat after start-up, not during it: nothing is held here yet, and the
        // backtests a stopped instance left are failed a few seconds later all the same.
        heartbeat = scheduler.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Backtests held here cannot finish: each is failed with the reason, so no one waits for it. */
    void end(@Observes ShutdownEvent event) {
        stopping = true;
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
        synchronized (queue) {
            queue.clear();
        }
        for (Job job : held.values()) {
            try {
                store.finish(job.id, BacktestState.FAILED, job.processed, null, STOPPED, now());
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("Backtest %s could not be marked failed at shutdown: %s", job.id, Failures.describe(e));
            }
        }
    }

    private void beat() {
        try {
            sweep();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("The backtests' heartbeat could not be written: %s", Failures.describe(e));
        }
    }

    /**
     * Refreshes the heartbeat of the backtests held here, then fails every backtest whose heartbeat
     * is older than {@code bonafide.backtest.stale-after} (its instance stopped or lost the database),
     * and deletes those finished longer ago than {@code bonafide.backtest.keep}.
     */
    public int sweep() throws SQLException {
        Instant now = now();
        store.touch(List.copyOf(held.keySet()), now);
        int failed = store.failStale(now.minus(settings.staleAfter()), LOST, now);
        store.purgeFinishedBefore(now.minus(settings.keep()));
        return failed;
    }

    /** Sets what runs before each stored screening a replay reads (tests pace a replay with it). */
    void beforeEachRow(Runnable action) {
        this.beforeRow = action;
    }

    /** Starts a backtest: validated and compiled here, replayed in the background. */
    public Idempotency.Outcome<BacktestView> start(BacktestRequest request, String author, String key) {
        return idempotency.run(
                "POST /api/v1/rulesets/backtest",
                key,
                request,
                claim -> startOnce(request, author, claim),
                stored -> find(UUID.fromString(stored.resourceId()))
                        .orElseThrow(() -> new IllegalStateException(
                                "Backtest " + stored.resourceId() + " of a stored idempotency key is missing")));
    }

    private BacktestView startOnce(BacktestRequest request, String author, Idempotency.Claim claim) {
        Instant now = now();
        Instant to = request.to() == null ? now : request.to();
        Instant from = request.from() == null ? to.minus(DEFAULT_WINDOW) : request.from();
        if (!from.isBefore(to)) {
            throw Refusal.invalidField("from", "must be before to");
        }
        if ((request.draft() == null) == (request.version() == null)) {
            throw Refusal.invalidField("draft", "or version is required, and only one of them");
        }
        Ruleset ruleset;
        PreviewRequest.Draft draft = request.draft();
        if (draft == null) {
            ruleset = rulesets.load(request.version())
                    .orElseThrow(
                            () -> Refusal.invalidField("version", "names no stored ruleset (see GET /api/v1/rulesets)"))
                    .ruleset();
        } else {
            Ruleset inForce = active.current().orElseThrow(Refusal::noRuleset).ruleset();
            draft = new PreviewRequest.Draft(
                    draft.acceptThreshold() == null ? inForce.acceptThreshold() : draft.acceptThreshold(),
                    draft.declineThreshold() == null ? inForce.declineThreshold() : draft.declineThreshold(),
                    draft.rules());
            ruleset = new Ruleset(
                    0,
                    draft.acceptThreshold(),
                    draft.declineThreshold(),
                    draft.rules().stream().map(RuleView::toRule).toList());
        }
        CompiledRuleset compiled = rulesets.compile(ruleset);
        BacktestRequest resolved =
                new BacktestRequest(draft, request.version(), from, to, request.appId(), request.sampleSize());
        Job job = new Job(
                UUID.randomUUID(),
                compiled,
                new BacktestStore.Traffic(from, to, request.appId()),
                request.sampleSize());
        reserve(job);
        BacktestStore.Row row = new BacktestStore.Row(
                job.id,
                now,
                author,
                BacktestState.QUEUED,
                write(resolved),
                null,
                null,
                now,
                null,
                0,
                false,
                null,
                null);
        try {
            store.insert(row, claim);
        } catch (SQLException | RuntimeException e) {
            release(job, false);
            throw e instanceof SQLException sql
                    ? new IllegalStateException("A backtest could not be stored", sql)
                    : (RuntimeException) e;
        }
        dispatch(job);
        return view(row);
    }

    /** Takes a place in this instance's queue, or refuses when it is full. */
    private void reserve(Job job) {
        synchronized (queue) {
            if (stopping) {
                throw Refusal.busy(
                        "The service is stopping; no backtest was started. Retry shortly.",
                        Refusal.RETRY_AFTER_SECONDS);
            }
            if (held.size() >= settings.maxRunning() + settings.maxQueued()) {
                throw Refusal.busy(
                        "Too many backtests are running or waiting (" + held.size()
                                + "); no backtest was started. Retry when one has finished, or cancel one.",
                        Refusal.RETRY_AFTER_SECONDS * 6);
            }
            held.put(job.id, job);
        }
    }

    /** Runs the job now when a place is free, else queues it. */
    private void dispatch(Job job) {
        synchronized (queue) {
            if (!held.containsKey(job.id)) {
                return;
            }
            if (running >= settings.maxRunning()) {
                queue.addLast(job);
                return;
            }
            running++;
        }
        executor.execute(() -> run(job));
    }

    /** Lets the job go; when it ran, the next queued one starts. */
    private void release(Job job, boolean ran) {
        Job next = null;
        synchronized (queue) {
            held.remove(job.id);
            if (ran) {
                running--;
                next = stopping ? null : queue.pollFirst();
                if (next != null) {
                    running++;
                }
            }
        }
        if (next != null) {
            Job started = next;
            executor.execute(() -> run(started));
        }
    }

    private void run(Job job) {
        Thread thread = Thread.currentThread();
        int priority = thread.getPriority();
        // A hint only: live screenings come first where the operating system honours it.
        thread.setPriority(Thread.MIN_PRIORITY);
        try {
            replay(job);
        } catch (SQLException e) {
            finishQuietly(
                    job,
                    BacktestState.FAILED,
                    null,
                    "The stored screenings could not be read ("
                            + (SqlFailures.unreachable(e) ? "the database cannot be reached" : "a database error")
                            + "); start the backtest again.");
        } catch (RuntimeException | Error e) {
            LOG.errorf("Backtest %s failed: %s", job.id, Failures.describe(e));
            finishQuietly(
                    job,
                    BacktestState.FAILED,
                    null,
                    "The replay failed unexpectedly; the service's log has the cause (backtest " + job.id + ").");
        } finally {
            thread.setPriority(priority);
            release(job, true);
        }
    }

    private void replay(Job job) throws SQLException {
        if (!store.start(job.id, now())) {
            // Cancelled while it waited (here or through another instance).
            finishQuietly(job, BacktestState.CANCELLED, null, null);
            return;
        }
        long total = store.count(job.traffic);
        if (job.sampleSize == null && total > settings.maxScreenings()) {
            finishQuietly(
                    job,
                    BacktestState.FAILED,
                    null,
                    "The window holds " + total
                            + " screenings, more than a backtest replays (" + settings.maxScreenings()
                            + "); narrow the window or give a sampleSize.");
            return;
        }
        double share = job.sampleSize == null || total <= job.sampleSize ? 1.0 : (double) job.sampleSize / total;
        Tally tally = new Tally(job.ruleset);
        GiveWay giveWay = new GiveWay(live::screeningsStarted, settings.liveShare());
        long progressEvery = settings.progressInterval().toNanos();
        long[] next = {System.nanoTime() + progressEvery};
        SQLException[] progressFailure = {null};
        LongSupplier cpu = ScoringShare.threadCpuClock();
        long cpuLimit = cpu.getAsLong() + settings.maxCpu().toNanos();
        boolean[] overCpu = {false};
        store.progress(job.id, 0, total, now());
        store.replay(job.traffic, screening -> {
            beforeRow.run();
            long read = ++job.processed;
            if ((read & (GiveWay.SLICE - 1)) == 0) {
                giveWay.sliceDone();
            }
            if (share >= 1.0 || sampled(screening.id(), share)) {
                tally.add(screening);
                if (job.sampleSize != null && tally.screenings() >= job.sampleSize) {
                    return false;
                }
            }
            if ((read & 255) != 0) {
                return true;
            }
            if (job.cancelled || stopping) {
                return false;
            }
            if (cpu.getAsLong() - cpuLimit > 0) {
                overCpu[0] = true;
                return false;
            }
            long nanos = System.nanoTime();
            if (nanos - next[0] >= 0) {
                next[0] = nanos + progressEvery;
                try {
                    if (store.progress(job.id, read, total, now())) {
                        job.cancelled = true;
                        return false;
                    }
                } catch (SQLException e) {
                    progressFailure[0] = e;
                    return false;
                }
            }
            return true;
        });
        if (progressFailure[0] != null) {
            throw progressFailure[0];
        }
        if (stopping) {
            return;
        }
        if (overCpu[0]) {
            finishQuietly(
                    job,
                    BacktestState.FAILED,
                    null,
                    "The replay spent more CPU time than a backtest may ("
                            + settings.maxCpu().toSeconds()
                            + " s): replay a sample, a shorter window, or cheaper rules.");
        } else if (job.cancelled) {
            finishQuietly(job, BacktestState.CANCELLED, null, null);
        } else {
            finishQuietly(job, BacktestState.DONE, write(tally.result()), null);
        }
    }

    /**
     * Whether a screening is in a sample of this share of the window: decided by its id alone, so
     * the same backtest takes the same sample.
     */
    static boolean sampled(UUID id, double share) {
        long h = id.getMostSignificantBits() * 0x9E3779B97F4A7C15L ^ id.getLeastSignificantBits();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53 < share;
    }

    private void finishQuietly(Job job, BacktestState state, String result, String failure) {
        try {
            store.finish(job.id, state, job.processed, result, failure, now());
        } catch (SQLException | RuntimeException e) {
            // The heartbeat stops with the job: the backtest is failed as lost by the next sweep.
            LOG.warnf("Backtest %s could not be marked %s: %s", job.id, state, Failures.describe(e));
        }
    }

    /** A backtest by id. */
    public Optional<BacktestView> find(UUID id) {
        try {
            return store.find(id).map(this::view);
        } catch (SQLException e) {
            throw new IllegalStateException("The backtests could not be read", e);
        }
    }

    /** Backtests newest first, without their results (GET one to read them). */
    public List<BacktestView> list(int limit) {
        try {
            return store.page(null, null, limit).stream()
                    .map(this::view)
                    .map(BacktestView::withoutResult)
                    .toList();
        } catch (SQLException e) {
            throw new IllegalStateException("The backtests could not be read", e);
        }
    }

    /**
     * Cancels a backtest: one still waiting here stops at once; a running one (here or on another
     * instance) stops within a second or so. A finished one is refused, unless it was cancelled.
     */
    public BacktestView cancel(UUID id) {
        BacktestView current = find(id).orElseThrow(() -> notFound(id));
        if (current.state() == BacktestState.CANCELLED) {
            return current;
        }
        if (current.state().finished()) {
            throw Refusal.conflict(
                    "The backtest is already " + current.state().name().toLowerCase(Locale.ROOT)
                            + "; there is nothing to cancel.",
                    null);
        }
        try {
            Job job = held.get(id);
            boolean wasQueuedHere;
            synchronized (queue) {
                wasQueuedHere = job != null && queue.remove(job);
            }
            if (wasQueuedHere) {
                store.finish(id, BacktestState.CANCELLED, 0, null, null, now());
                release(job, false);
            } else {
                store.requestCancel(id);
                if (job != null) {
                    job.cancelled = true;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The backtest could not be cancelled", e);
        }
        return find(id).orElseThrow(() -> notFound(id));
    }

    static Refusal notFound(UUID id) {
        return Refusal.notFound("No backtest has the id " + id + ".");
    }

    private BacktestView view(BacktestStore.Row row) {
        BacktestRequest request = read(row.request(), BacktestRequest.class);
        BacktestView.Replays replays;
        if (request.draft() != null) {
            PreviewRequest.Draft d = request.draft();
            replays = new BacktestView.Replays(null, d.rules().size(), d.acceptThreshold(), d.declineThreshold());
        } else {
            replays = rulesets.load(request.version())
                    .map(stored -> new BacktestView.Replays(
                            request.version(),
                            stored.ruleset().rules().size(),
                            stored.ruleset().acceptThreshold(),
                            stored.ruleset().declineThreshold()))
                    .orElse(null);
        }
        Long secondsLeft = null;
        Integer percent = null;
        if (row.total() != null) {
            percent = row.total() == 0 ? 100 : (int) Math.min(100, row.processed() * 100 / row.total());
            if (row.state() == BacktestState.RUNNING && row.processed() > 0 && row.startedAt() != null) {
                long elapsed = Math.max(
                        0, Duration.between(row.startedAt(), row.heartbeatAt()).toMillis());
                secondsLeft = Math.max(0, elapsed * (row.total() - row.processed()) / row.processed() / 1000);
            }
        }
        return new BacktestView(
                row.id(),
                row.state(),
                row.createdAt(),
                row.requestedBy(),
                replays,
                new BacktestView.Traffic(request.from(), request.to(), request.appId(), request.sampleSize()),
                new BacktestView.Progress(row.processed(), row.total(), percent, secondsLeft),
                row.startedAt(),
                row.finishedAt(),
                row.cancelRequested() && !row.state().finished() ? Boolean.TRUE : null,
                row.failure(),
                row.result() == null ? null : read(row.result(), BacktestResult.class));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A backtest could not be written as JSON", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored backtest could not be read", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
