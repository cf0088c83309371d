package dev.bonafide.rules;

import dev.bonafide.config.BonafideConfig;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.RuleProblem;
import dev.bonafide.engine.RulesetCompilationException;
import dev.bonafide.engine.RulesetCompiler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The ruleset in force, compiled. Screening asks here and never compiles CEL. Every instance checks
 * the highest stored version four times a second ({@code bonafide.rules.refresh-interval}, one
 * primary-key lookup, on Quarkus' managed {@link ScheduledExecutorService}, which runs it on the
 * worker pool: the {@code @Scheduled} annotation's shortest interval is a second) and
 * compiles a new version once, so a change made through any instance is in force on all of them
 * well within two seconds. A stored
 * version that does not compile never replaces the one in force.
 *
 * <p>The first load and compilation also run there, started as the application starts, so
 * the rest of start-up (HTTP server, OpenAPI document, first requests) proceeds meanwhile on the
 * other core. Readiness stays down until a ruleset compiled ({@link #inForce()}); a screening that
 * arrives before the first check finished waits for it ({@link #current()}), so the first screening
 * is scored by the stored ruleset like every later one.
 *
 * <p>No failure ends the checks: whatever a check throws, {@link Error}s such as
 * {@code OutOfMemoryError} included, is counted ({@code bonafide.ruleset.check.failures}), logged
 * by its type only (a message could quote stored rules), and the next check runs on schedule. (An
 * uncaught throwable would cancel the executor's schedule for good.) The time of the last check
 * that succeeded is kept; readiness goes down when it is older than
 * {@code bonafide.rules.stale-after} (5 s, 20 checks), since the ruleset in force may then no
 * longer be the stored one, and comes back with the next successful check.
 */
@Startup
@ApplicationScoped
public class ActiveRuleset {

    private static final Logger LOG = Logger.getLogger(ActiveRuleset.class);

    private final RulesetStore store;
    private final RulesetCompiler compiler;
    private volatile CompiledRuleset current;
    /** A version that failed to compile, so it is not compiled again every second. */
    private volatile long refusedVersion;
    /** Whether the last check failed, so an outage is logged once rather than at every check. */
    private volatile boolean checkFailing;

    private final Duration interval;
    private final Duration firstCheckWait;
    private final Duration staleAfter;
    private final Clock clock;
    private final Counter checkFailures;
    /** When a check last succeeded (clock millis), or {@link Long#MIN_VALUE} before the first. */
    private volatile long lastCheckedAt = Long.MIN_VALUE;
    /** Released once the first check finished, whether a ruleset compiled or not. */
    private final CountDownLatch firstCheck = new CountDownLatch(1);

    private final ScheduledExecutorService executor;
    private volatile ScheduledFuture<?> poll;
    /** Set on shutdown: a first check that ends afterwards schedules no poll. */
    private boolean stopped;

    @Inject
    public ActiveRuleset(
            RulesetStore store,
            RulesetCompiler compiler,
            Clock clock,
            MeterRegistry registry,
            ScheduledExecutorService executor,
            BonafideConfig config) {
        this(
                store,
                compiler,
                clock,
                registry,
                executor,
                config.rules().refreshInterval(),
                config.rules().firstCheckWait(),
                config.rules().staleAfter());
    }

    ActiveRuleset(
            RulesetStore store,
            RulesetCompiler compiler,
            Clock clock,
            MeterRegistry registry,
            ScheduledExecutorService executor,
            Duration interval,
            Duration firstCheckWait,
            Duration staleAfter) {
        this.store = store;
        this.executor = executor;
        this.compiler = compiler;
        this.clock = clock;
        this.interval = interval;
        this.firstCheckWait = firstCheckWait;
        this.staleAfter = staleAfter;
        this.checkFailures = Counter.builder("bonafide.ruleset.check.failures")
                .description("Checks for a new ruleset version that failed (database, loading or an Error)")
                .register(registry);
    }

    /**
     * Runs the first check at once and the poll from its end: a cold first check takes longer than
     * the interval, and a poll started beside it would load and compile the same version again while
     * the first screening waits.
     */
    @PostConstruct
    void start() {
        executor.execute(() -> {
            try {
                refresh();
            } finally {
                firstCheck.countDown();
                schedulePoll();
            }
        });
    }

    private synchronized void schedulePoll() {
        if (stopped) {
            return;
        }
        try {
            poll = executor.scheduleWithFixedDelay(
                    this::refresh, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Throwable e) {
            // An executor shut down, or out of memory: readiness reports the checks as stale.
            LOG.errorf("Could not schedule the checks for new ruleset versions (%s)", describe(e));
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        ScheduledFuture<?> scheduled = poll;
        if (scheduled != null) {
            scheduled.cancel(true);
        }
    }

    /**
     * Brings the ruleset in force up to the highest stored version; quiet when the database is down.
     * Never throws, so that the schedule goes on.
     */
    void refresh() {
        try {
            check();
            lastCheckedAt = clock.millis();
            if (checkFailing) {
                checkFailing = false;
                LOG.info("Checking for new ruleset versions again");
            }
        } catch (Throwable e) {
            // Also Errors: any throwable would cancel the poller's schedule for good.
            try {
                checkFailures.increment();
                if (!checkFailing) {
                    checkFailing = true;
                    LOG.warnf("Cannot check for a new ruleset version (%s); the version in force stays", describe(e));
                }
            } catch (Throwable whileReporting) {
                // Out of memory even for this: the next check reports, the schedule goes on.
            }
        }
    }

    private void check() {
        long latest = store.latestVersion();
        if (latest == 0) {
            // Compiled once: the version stored is the one put in force.
            store.seedIfEmpty().ifPresent(this::install);
            latest = store.latestVersion();
        }
        CompiledRuleset inForce = current;
        if ((inForce == null || inForce.version() < latest) && latest != refusedVersion) {
            store.load(latest).ifPresent(this::compileAndInstall);
        }
    }

    /** The types of a failure and its causes: messages may quote stored rules, types cannot. */
    private static String describe(Throwable e) {
        return dev.bonafide.config.Failures.describe(e);
    }

    /**
     * How long ago the last successful check was, if it was longer ago than
     * {@code bonafide.rules.stale-after} (or no check has succeeded yet): then the ruleset in force
     * may not be the stored one.
     */
    public Optional<Duration> staleFor() {
        long checkedAt = lastCheckedAt;
        if (checkedAt == Long.MIN_VALUE) {
            return Optional.of(Duration.ZERO);
        }
        Duration since = Duration.ofMillis(Math.max(0, clock.millis() - checkedAt));
        return since.compareTo(staleAfter) > 0 ? Optional.of(since) : Optional.empty();
    }

    private void compileAndInstall(RulesetStore.StoredRuleset stored) {
        try {
            long started = System.nanoTime();
            install(compiler.compile(stored.ruleset()));
            LOG.debugf(
                    "Compiled ruleset version %d in %d ms",
                    stored.row().version, (System.nanoTime() - started) / 1_000_000);
        } catch (RulesetCompilationException e) {
            refusedVersion = stored.row().version;
            // Where, not what: a problem's message can quote the rule.
            LOG.errorf(
                    "Ruleset version %d does not compile and was not put in force: %d problems, first at %s",
                    stored.row().version,
                    e.problems().size(),
                    e.problems().isEmpty() ? "-" : where(e.problems().get(0)));
        }
    }

    private static String where(RuleProblem problem) {
        return "field " + problem.field()
                + (problem.line() > 0 ? " line " + problem.line() + " column " + problem.column() : "");
    }

    /** Puts a compiled version in force unless a newer one already is. */
    public synchronized void install(CompiledRuleset compiled) {
        if (current == null || compiled.version() > current.version()) {
            current = compiled;
            LOG.infof(
                    "Ruleset version %d in force with %d rules",
                    compiled.version(), compiled.ruleset().rules().size());
        }
    }

    /**
     * The compiled ruleset in force, if one compiled. While the first check after start-up is still
     * running (at most {@code bonafide.rules.first-check-wait}), waits for it.
     */
    public Optional<CompiledRuleset> current() {
        CompiledRuleset inForce = current;
        if (inForce == null && firstCheck.getCount() > 0) {
            try {
                firstCheck.await(firstCheckWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inForce = current;
        }
        return Optional.ofNullable(inForce);
    }

    /** The compiled ruleset in force, if one compiled, without waiting (for the readiness check). */
    public Optional<CompiledRuleset> inForce() {
        return Optional.ofNullable(current);
    }
}
