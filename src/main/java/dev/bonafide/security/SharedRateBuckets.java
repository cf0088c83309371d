package dev.bonafide.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bonafide.config.BonafideConfig;
import dev.bonafide.config.Failures;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.datasource.common.runtime.DatabaseKind;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The request-rate buckets the {@link RateLimiter} draws on: each instance's own
 * ({@link RateBuckets}, the default), or, with {@code bonafide.rate-limit.shared}, one bucket per app
 * for all instances, kept in PostgreSQL by Bucket4j (a row per app, locked for the moment of a
 * take; concurrent takes of one app on one instance go to the database as one).
 *
 * <p><b>Bounded wait, failing open to the instance's bucket.</b> A take waits on the shared store at
 * most {@code bonafide.rate-limit.shared-timeout} (50 ms); when it is slower, fails, or too many
 * takes are waiting already, the instance's own bucket decides, as it does without the shared
 * store. So an unreachable or slow store never stalls or refuses a request that the instance would
 * have let through: an app gets at most its rate on each instance, as before, and the shared limit
 * comes back as soon as the store answers. Failing closed would refuse every app while the store
 * is down; as the store is the service's own PostgreSQL, a request that needs it fails on its own
 * anyway, and those that do not (reads of cached models, previews) keep working.
 * {@code bonafide_rate_limit_shared_fallbacks_total} counts the takes the instance decided.
 */
@ApplicationScoped
public class SharedRateBuckets {

    private static final Logger LOG = Logger.getLogger(SharedRateBuckets.class);
    /** Takes waiting for the shared store at most; beyond them the instance's bucket decides. */
    static final int MAX_WAITING = 256;

    @Inject
    RateBuckets local;

    @Inject
    ProxyManager<String> store;

    @Inject
    BonafideConfig config;

    @Inject
    Config quarkusConfig;

    @Inject
    MeterRegistry registry;

    private boolean shared;
    private long timeoutNanos;
    private ThreadPoolExecutor waiting;
    /** An app's shared bucket and the rate it was made with. */
    private record AppBucket(BucketProxy bucket, double[] rate) {}

    private Cache<String, AppBucket> proxies;
    private Counter fallbacks;
    private final AtomicLong lastWarning = new AtomicLong();

    void start(@Observes StartupEvent event) {
        BonafideConfig.RateLimit limits = config.rateLimit();
        shared = limits.shared();
        if (!shared) {
            return;
        }
        if (!DatabaseKind.isPostgreSQL(quarkusConfig.getValue("quarkus.datasource.db-kind", String.class))) {
            throw new IllegalStateException("bonafide.rate-limit.shared needs PostgreSQL as the database");
        }
        timeoutNanos = limits.sharedTimeout().toNanos();
        waiting = new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(MAX_WAITING), runnable -> {
            Thread thread = new Thread(runnable, "shared-rate-buckets");
            thread.setDaemon(true);
            return thread;
        });
        proxies = Caffeine.newBuilder()
                .maximumSize(limits.trackedApps())
                .expireAfterAccess(Duration.ofMinutes(1))
                .build();
        fallbacks = Counter.builder("bonafide_rate_limit_shared_fallbacks")
                .description("Takes the instance's own bucket decided because the shared store was slow or failed")
                .register(registry);
    }

    void stop(@Observes ShutdownEvent event) {
        if (waiting != null) {
            waiting.shutdownNow();
        }
    }

    /** Whether the buckets are shared by every instance. */
    public boolean shared() {
        return shared;
    }

    /** Takes one token from the app's bucket: the shared one when configured and answering in time. */
    public RateBuckets.Take take(String app) {
        if (!shared) {
            return local.take(app);
        }
        try {
            AppBucket entry = proxies.get(app, a -> {
                double[] rate = local.rate(a);
                return new AppBucket(
                        store.builder()
                                .withOptimization(Optimizations.batching())
                                .build(a, () -> configuration(rate)),
                        rate);
            });
            double[] rate = entry.rate();
            CompletableFuture<ConsumptionProbe> probe =
                    CompletableFuture.supplyAsync(() -> entry.bucket().tryConsumeAndReturnRemaining(1), waiting);
            ConsumptionProbe taken = probe.get(timeoutNanos, TimeUnit.NANOSECONDS);
            return new RateBuckets.Take(
                    taken.isConsumed(),
                    taken.isConsumed()
                            ? 0
                            : Math.max(1, TimeUnit.NANOSECONDS.toMillis(taken.getNanosToWaitForRefill())),
                    rate[0],
                    rate[1]);
        } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
            return fallBack(app, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallBack(app, e);
        }
    }

    private RateBuckets.Take fallBack(String app, Exception cause) {
        fallbacks.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last > TimeUnit.SECONDS.toNanos(10) && lastWarning.compareAndSet(last, now)) {
            LOG.warnf(
                    "The shared rate buckets did not answer in time or failed (%s); each instance's own bucket"
                            + " decides until they do",
                    cause instanceof TimeoutException
                            ? "over " + Duration.ofNanos(timeoutNanos).toMillis() + " ms"
                            : Failures.describe(cause));
        }
        return local.take(app);
    }

    /** A bucket of {@code burst} tokens refilled at {@code rate} a second, greedily. */
    static BucketConfiguration configuration(double[] rate) {
        long burst = Math.max(1, (long) Math.ceil(rate[1]));
        // Refills of one token every 1/rate seconds: whole tokens, at the configured rate.
        long periodNanos = Math.max(1, (long) (1_000_000_000L / rate[0]));
        return BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder()
                        .capacity(burst)
                        .refillGreedy(1, Duration.ofNanos(periodNanos))
                        .initialTokens(burst)
                        .build())
                .build();
    }

    /** Removes the rows of buckets that have refilled (a new bucket is the same), a thousand at a time. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void removeExpired() {
        if (!shared || !(store instanceof ExpiredEntriesCleaner cleaner)) {
            return;
        }
        try {
            while (cleaner.removeExpired(1_000) == 1_000) {
                // more to remove
            }
        } catch (RuntimeException e) {
            LOG.warnf("Expired shared rate buckets could not be removed: %s", Failures.describe(e));
        }
    }
}
