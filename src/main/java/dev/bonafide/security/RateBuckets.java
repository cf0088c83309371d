package dev.bonafide.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bonafide.config.BonafideConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The token buckets of the apps that called lately, one per app and instance, shared by every
 * {@link FairUse} endpoint.
 *
 * <p>Bounded two ways, in a Caffeine cache. <b>Idle expiry:</b> a bucket is dropped once it has not
 * been used for {@code burst / rate} seconds (2 s with the defaults), which changes no answer: a
 * bucket refills at {@code rate} tokens a second and never holds more than {@code burst}, so after
 * {@code burst / rate} idle seconds it is full whatever it held, and a full bucket is exactly what a
 * new one is. (Its last use is read from the clock after the time its tokens were counted at, so
 * the idle time is never shorter than the time since that count.) Live buckets are therefore only
 * those of apps active in the last few seconds. <b>Size:</b> at most
 * {@code bonafide.rate-limit.tracked-apps} (10,000) buckets; beyond that the least valuable is
 * evicted (W-TinyLFU), and that app's next call starts with a full bucket. This bound is only a
 * backstop against more apps calling within one idle period than the service is sized for.
 */
@ApplicationScoped
public class RateBuckets {

    /** The outcome of taking a token: allowed, or how long until the next token. */
    public record Take(boolean allowed, long waitMillis, double perSecond, double burst) {}

    /** A token bucket with its app's rate; synchronized per app. */
    static final class Bucket {
        final double perSecond;
        final double burst;
        private double tokens;
        private long refilledAt;

        Bucket(double perSecond, double burst, long now) {
            this.perSecond = perSecond;
            this.burst = burst;
            this.tokens = burst;
            this.refilledAt = now;
        }

        /** The idle time after which this bucket is full again, from any state {@link #take} leaves. */
        long fullAfterMillis() {
            return (long) Math.ceil(burst * 1000.0 / perSecond);
        }

        /** The same from any state {@link #charge} leaves: a debt is at most one burst. */
        long fullAfterDebtMillis() {
            return 2 * fullAfterMillis();
        }

        /** Milliseconds until the bucket holds at least {@code amount}; caller holds the lock. */
        private long millisUntil(double amount) {
            return Math.max(1, (long) Math.ceil((amount - tokens) * 1000.0 / perSecond));
        }
    }

    private final Clock clock;
    private final Function<String, double[]> rates;
    private final Cache<String, Bucket> buckets;

    @Inject
    public RateBuckets(Clock clock, BonafideConfig config) {
        this(
                clock,
                app -> configuredRate(config.rateLimit(), app),
                config.rateLimit().trackedApps(),
                Bucket::fullAfterMillis,
                ForkJoinPool.commonPool());
    }

    /**
     * @param rates       an app's {rate per second, burst}
     * @param idleMillis  how long a bucket may be idle before it is dropped: {@link Bucket#fullAfterMillis()}
     * @param maintenance runs the cache's eviction; tests pass {@code Runnable::run} to see its effect at once
     */
    RateBuckets(
            Clock clock,
            Function<String, double[]> rates,
            int trackedApps,
            ToLongFunction<Bucket> idleMillis,
            Executor maintenance) {
        this.clock = clock;
        this.rates = rates;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(trackedApps)
                .expireAfter(Expiry.accessing(
                        (String app, Bucket bucket) -> Duration.ofMillis(idleMillis.applyAsLong(bucket))))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(maintenance)
                .build();
    }

    private static double[] configuredRate(BonafideConfig.RateLimit limits, String app) {
        BonafideConfig.AppRate own = limits.app().get(app);
        if (own == null) {
            return new double[] {limits.requestsPerSecond(), limits.burst()};
        }
        return new double[] {
            own.requestsPerSecond().orElse(limits.requestsPerSecond()),
            own.burst().orElse(limits.burst())
        };
    }

    /** An app's {rate per second, burst}. */
    double[] rate(String app) {
        return rates.apply(app);
    }

    /** Takes one token from the app's bucket. */
    public Take take(String app) {
        Bucket bucket = refilled(app);
        synchronized (bucket) {
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Take(true, 0, bucket.perSecond, bucket.burst);
            }
            return new Take(false, bucket.millisUntil(1), bucket.perSecond, bucket.burst);
        }
    }

    /**
     * For work whose cost is known only afterwards ({@link #charge}): allowed while the app's bucket
     * holds anything, otherwise how long until its debt is paid off.
     */
    public Take enter(String app) {
        Bucket bucket = refilled(app);
        synchronized (bucket) {
            if (bucket.tokens > 0) {
                return new Take(true, 0, bucket.perSecond, bucket.burst);
            }
            return new Take(false, bucket.millisUntil(Double.MIN_VALUE), bucket.perSecond, bucket.burst);
        }
    }

    /** Takes what finished work cost; the bucket may go into debt, down to minus its burst. */
    public void charge(String app, double amount) {
        Bucket bucket = refilled(app);
        synchronized (bucket) {
            bucket.tokens = Math.max(-bucket.burst, bucket.tokens - amount);
        }
    }

    private Bucket refilled(String app) {
        // Read before the cache records the bucket's use, so idle time is measured from no earlier
        // than this count (see the class comment).
        long now = clock.millis();
        Bucket bucket = buckets.get(app, a -> {
            double[] rate = rates.apply(a);
            return new Bucket(rate[0], rate[1], now);
        });
        synchronized (bucket) {
            // A clock set back (time sync) refills nothing rather than draining the bucket.
            long elapsed = Math.max(0, now - bucket.refilledAt);
            bucket.tokens = Math.min(bucket.burst, bucket.tokens + elapsed * bucket.perSecond / 1000.0);
            bucket.refilledAt = now;
        }
        return bucket;
    }

    /** How many buckets are live now (an estimate, as Caffeine counts). */
    long live() {
        return buckets.estimatedSize();
    }

    /** Runs pending evictions (for tests). */
    void cleanUp() {
        buckets.cleanUp();
    }
}
