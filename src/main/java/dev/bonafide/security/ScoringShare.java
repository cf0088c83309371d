package dev.bonafide.security;

import dev.bonafide.config.BonafideConfig;
import dev.bonafide.refusal.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Each app's share of the CPU that rule evaluation takes on this instance, so that one app whose
 * rules or notes are costly cannot slow down the screenings of the others. The cost budget bounds
 * one evaluation (a few milliseconds); this bounds how many such evaluations an app runs a second.
 *
 * <p>A bucket per app holds CPU time: it refills at {@code bonafide.scoring.cpu-share} of the
 * instance's cores (5 %: 100 ms of CPU a second on 2 cores) up to
 * {@code bonafide.scoring.cpu-burst}, and each evaluation is charged what it actually took (thread
 * CPU time), which may put the bucket into debt. An app in debt waits until the debt is paid, up to
 * {@code bonafide.scoring.max-wait}; waiting costs no CPU, so the other apps' screenings run
 * meanwhile. An app that would wait longer is answered 429 with {@code Retry-After}. The buckets
 * are {@link RateBuckets} (bounded, idle ones dropped), counted in microseconds.
 */
@ApplicationScoped
public class ScoringShare {

    /** Pauses the calling thread; tests pass one that only records. */
    interface Pause {
        void millis(long millis) throws InterruptedException;
    }

    private final RateBuckets micros;
    private final LongSupplier cpuNanos;
    private final long maxWaitMillis;
    private final Pause pause;

    @Inject
    public ScoringShare(Clock clock, BonafideConfig config) {
        this(
                clock,
                app -> shareOf(config.scoring(), app),
                config.rateLimit().trackedApps(),
                config.scoring().maxWait(),
                threadCpuClock(),
                Thread::sleep);
    }

    ScoringShare(
            Clock clock,
            Duration perSecond,
            Duration burst,
            int trackedApps,
            Duration maxWait,
            LongSupplier cpuNanos,
            Pause pause) {
        this(clock, app -> new Duration[] {perSecond, burst}, trackedApps, maxWait, cpuNanos, pause);
    }

    private ScoringShare(
            Clock clock,
            Function<String, Duration[]> shares,
            int trackedApps,
            Duration maxWait,
            LongSupplier cpuNanos,
            Pause pause) {
        this.micros = new RateBuckets(
                clock,
                app -> {
                    Duration[] share = shares.apply(app);
                    return new double[] {share[0].toNanos() / 1_000.0, share[1].toNanos() / 1_000.0};
                },
                trackedApps,
                RateBuckets.Bucket::fullAfterDebtMillis,
                ForkJoinPool.commonPool());
        this.cpuNanos = cpuNanos;
        this.maxWaitMillis = maxWait.toMillis();
        this.pause = pause;
    }

    private static Duration[] shareOf(BonafideConfig.Scoring scoring, String app) {
        BonafideConfig.AppShare own = scoring.app().get(app);
        Duration perSecond = Duration.ofNanos(
                (long) (scoring.cpuShare() * Runtime.getRuntime().availableProcessors() * 1e9));
        return new Duration[] {
            own == null ? perSecond : own.cpuPerSecond().orElse(perSecond),
            own == null ? scoring.cpuBurst() : own.cpuBurst().orElse(scoring.cpuBurst())
        };
    }

    /**
     * Runs an evaluation for the app within its share: waits first while the app is in debt, then
     * charges what the evaluation took.
     *
     * @throws Refusal over fair use when the app would wait longer than the configured wait
     */
    public <T> T evaluate(String app, Supplier<T> evaluation) {
        RateBuckets.Take entry = micros.enter(app);
        if (!entry.allowed()) {
            if (entry.waitMillis() > maxWaitMillis) {
                throw Refusal.overFairUse(
                        "This app's screenings are over their share of rule-evaluation CPU on this "
                                + "instance (" + entry.perSecond() / 1_000 + " ms a second); retry after the "
                                + "Retry-After seconds.",
                        entry.waitMillis());
            }
            try {
                pause.millis(entry.waitMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Refusal.overFairUse("The service is stopping; retry shortly.", 1_000);
            }
        }
        long started = cpuNanos.getAsLong();
        try {
            return evaluation.get();
        } finally {
            micros.charge(app, (cpuNanos.getAsLong() - started) / 1_000.0);
        }
    }

    /** Charges CPU an app's evaluation took elsewhere (the history rules, run by a writer). */
    public void charge(String app, long nanos) {
        micros.charge(app, nanos / 1_000.0);
    }

    /** The calling thread's CPU time in nanoseconds, or wall time where the JVM cannot tell. */
    public static LongSupplier threadCpuClock() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported()) {
            return threads::getCurrentThreadCpuTime;
        }
        return System::nanoTime;
    }
}
