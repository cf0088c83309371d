package dev.bonafide.security;

import dev.bonafide.web.ApiProblem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Per-app request rates, so that one noisy app cannot starve the others: a token bucket per app
 * that refills at {@code bonafide.rate-limit.requests-per-second} up to
 * {@code bonafide.rate-limit.burst}; one app can be given its own with
 * {@code bonafide.rate-limit.app."<app-id>".requests-per-second} and {@code ...burst}. Calls over the
 * rate are answered 429 with Retry-After. Counted per instance: behind a load balancer with n
 * instances an app gets up to n times the rate.
 */
@FairUse
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class RateLimiter {

    /** A token bucket with its app's rate; synchronized per app. */
    private static final class Bucket {
        private final double perSecond;
        private final double burst;
        private double tokens;
        private long refilledAt;

        Bucket(double perSecond, double burst, long now) {
            this.perSecond = perSecond;
            this.burst = burst;
            this.tokens = burst;
            this.refilledAt = now;
        }
    }

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @ConfigProperty(name = "bonafide.rate-limit.requests-per-second", defaultValue = "200")
    double perSecond;

    @ConfigProperty(name = "bonafide.rate-limit.burst", defaultValue = "400")
    double burst;

    @AroundInvoke
    Object limit(InvocationContext invocation) throws Exception {
        Bucket bucket = buckets.computeIfAbsent(caller.appId(), this::bucketFor);
        long waitMillis = take(bucket);
        if (waitMillis > 0) {
            throw ApiProblem.tooManyRequests("This app is over its rate of " + bucket.perSecond
                    + " requests a second (bursts up to " + (long) bucket.burst + "); retry after the Retry-After seconds.",
                    Math.max(1, (waitMillis + 999) / 1000));
        }
        return invocation.proceed();
    }

    private Bucket bucketFor(String app) {
        Config config = ConfigProvider.getConfig();
        String prefix = "bonafide.rate-limit.app.\"" + app + "\".";
        return new Bucket(
                config.getOptionalValue(prefix + "requests-per-second", Double.class).orElse(perSecond),
                config.getOptionalValue(prefix + "burst", Double.class).orElse(burst),
                clock.millis());
    }

    /** Takes one token; returns 0, or the milliseconds until the next token when the bucket is empty. */
    private long take(Bucket bucket) {
        long now = clock.millis();
        synchronized (bucket) {
            // A clock set back (time sync) refills nothing rather than draining the bucket.
            long elapsed = Math.max(0, now - bucket.refilledAt);
            bucket.tokens = Math.min(bucket.burst, bucket.tokens + elapsed * bucket.perSecond / 1000.0);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) * 1000.0 / bucket.perSecond);
        }
    }
}
