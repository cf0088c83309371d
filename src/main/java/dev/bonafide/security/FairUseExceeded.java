package dev.bonafide.security;

/** An app is over its share of requests or of CPU; answered 429 with {@code Retry-After}. */
public final class FairUseExceeded extends RuntimeException {

    private final long retryAfterSeconds;

    public FairUseExceeded(String detail, long waitMillis) {
        super(detail, null, false, false);
        this.retryAfterSeconds = Math.max(1, (waitMillis + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
