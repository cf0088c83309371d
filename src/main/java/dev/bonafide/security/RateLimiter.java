package dev.bonafide.security;

import dev.bonafide.refusal.Refusal;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Per-app request rates, so that one noisy app cannot starve the others: a token bucket per app
 * that refills at {@code bonafide.rate-limit.requests-per-second} up to
 * {@code bonafide.rate-limit.burst}; one app can be given its own with
 * {@code bonafide.rate-limit.app."<app-id>".requests-per-second} and {@code ...burst}. Calls over the
 * rate are answered 429 with Retry-After. Counted per instance by default (behind a load balancer
 * with n instances an app gets up to n times the rate), or once for all instances with
 * {@code bonafide.rate-limit.shared} ({@link SharedRateBuckets}). All {@link FairUse} endpoints draw
 * on the same bucket ({@link RateBuckets}, which also bounds how many are kept).
 */
@FairUse
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class RateLimiter {

    @Inject
    Caller caller;

    @Inject
    SharedRateBuckets buckets;

    @AroundInvoke
    Object limit(InvocationContext invocation) throws Exception {
        RateBuckets.Take take = buckets.take(caller.appId());
        if (!take.allowed()) {
            throw Refusal.overFairUse(
                    "This app is over its rate of " + take.perSecond() + " requests a second (bursts up to "
                            + (long) take.burst() + "); retry after the Retry-After seconds.",
                    take.waitMillis());
        }
        return invocation.proceed();
    }
}
