package dev.bonafide.security;

import dev.bonafide.config.BonafideConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Each app's share of the CPU that rule evaluation takes on this instance, so that one app whose
 * rules or notes are costly cannot slow down the screenings of the others. The cost budget bounds
 * one evaluation (a few milliseconds); this bounds how many such evaluations an app runs a second.
 *
 * <p>A bucket per app holds CPU time: it refills at {@code bonafide.scoring.cpu-per-second} up to
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
    private final double perSecondMillis;

    @Inject
    public ScoringShare(Clock clock, BonafideConfig config) {
        this(
                clock,
                config.scoring().cpuPerSecond(),
                config.scoring().cpuBurst(),
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
        double rate = perSecond.toNanos() / 1_000.0;
        double most = burst.toNanos() / 1_000.0;
        this.micros = new RateBuckets(
                clock,
                app -> new double[] {rate, most},
                trackedApps,
                RateBuckets.Bucket::fullAfterDebtMillis,
                ForkJoinPool.commonPool());
        this.cpuNanos = cpuNanos;
        this.maxWaitMillis = maxWait.toMillis();
        this.pause = pause;
        this.perSecondMillis = perSecond.toNanos() / 1e6;
    }

    /**
     * Runs an evaluation for the app within its share: waits first while the app is in debt, then
     * charges what the evaluation took.
     *
     * @throws FairUseExceeded when the app would wait longer than the configured wait
     */
    public <T> T evaluate(String app, Supplier<T> evaluation) {
        RateBuckets.Take entry = micros.enter(app);
        if (!entry.allowed()) {
            if (entry.waitMillis() > maxWaitMillis) {
                throw new FairUseExceeded(
                        "This app's rules are over their share of " + Math.round(perSecondMillis)
                                + " ms of CPU a second on this instance; retry after the Retry-After seconds.",
                        entry.waitMillis());
            }
            try {
                pause.millis(entry.waitMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FairUseExceeded("The service is stopping; retry shortly.", 1_000);
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

    private static LongSupplier threadCpuClock() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported()) {
            return threads::getCurrentThreadCpuTime;
        }
        return System::nanoTime;
    }
}
