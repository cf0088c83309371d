package dev.bonafide.rules;

import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.RulesetCompilationException;
import dev.bonafide.engine.RulesetCompiler;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The ruleset in force, compiled. Screening asks here and never compiles CEL. Every instance checks
 * the highest stored version four times a second ({@code bonafide.rules.refresh-interval}, one
 * primary-key lookup, on a thread of its own: the scheduler's shortest interval is a second) and
 * compiles a new version once, so a change made through any instance is in force on all of them
 * well within two seconds. A stored
 * version that does not compile never replaces the one in force.
 *
 * <p>The first load and compilation also run on that thread, started as the application starts, so
 * the rest of start-up (HTTP server, OpenAPI document, first requests) proceeds meanwhile on the
 * other core. Readiness stays down until a ruleset compiled ({@link #inForce()}); a screening that
 * arrives before the first check finished waits for it ({@link #current()}), so the first screening
 * is scored by the stored ruleset like every later one.
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
    /** Released once the first check finished, whether a ruleset compiled or not. */
    private final CountDownLatch firstCheck = new CountDownLatch(1);
    private ScheduledExecutorService poller;

    public ActiveRuleset(RulesetStore store, RulesetCompiler compiler,
                         @ConfigProperty(name = "bonafide.rules.refresh-interval", defaultValue = "250ms") Duration interval,
                         @ConfigProperty(name = "bonafide.rules.first-check-wait", defaultValue = "10S") Duration firstCheckWait) {
        this.store = store;
        this.compiler = compiler;
        this.interval = interval;
        this.firstCheckWait = firstCheckWait;
    }

    @PostConstruct
    void start() {
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ruleset-poll");
            thread.setDaemon(true);
            return thread;
        });
        poller.execute(() -> {
            try {
                refresh();
            } finally {
                firstCheck.countDown();
            }
        });
        poller.scheduleWithFixedDelay(this::refresh, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /** Brings the ruleset in force up to the highest stored version; quiet when the database is down. */
    void refresh() {
        try {
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
            if (checkFailing) {
                checkFailing = false;
                LOG.info("Checking for new ruleset versions again");
            }
        } catch (RuntimeException e) {
            // Also keeps the poller alive: an exception would cancel its schedule.
            if (!checkFailing) {
                checkFailing = true;
                LOG.warnf("Cannot check for a new ruleset version; the version in force stays: %s", e.getMessage());
            }
        }
    }

    private void compileAndInstall(RulesetStore.StoredRuleset stored) {
        try {
            long started = System.nanoTime();
            install(compiler.compile(stored.ruleset()));
            LOG.debugf("Compiled ruleset version %d in %d ms", stored.row().version, (System.nanoTime() - started) / 1_000_000);
        } catch (RulesetCompilationException e) {
            refusedVersion = stored.row().version;
            LOG.errorf("Ruleset version %d does not compile and was not put in force: %s", stored.row().version, e.getMessage());
        }
    }

    /** Puts a compiled version in force unless a newer one already is. */
    public synchronized void install(CompiledRuleset compiled) {
        if (current == null || compiled.version() > current.version()) {
            current = compiled;
            LOG.infof("Ruleset version %d in force with %d rules", compiled.version(), compiled.ruleset().rules().size());
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
