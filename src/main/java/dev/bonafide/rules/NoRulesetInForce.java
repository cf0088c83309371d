package dev.bonafide.rules;

/**
 * No ruleset has been stored and compiled yet (a new database before its first migration ran, or an
 * instance still loading): nothing can be scored or changed until one is. The same condition on
 * every endpoint, answered as a 503 with {@code Retry-After}.
 */
public final class NoRulesetInForce extends RuntimeException {

    /** Seconds a caller is asked to wait before retrying. */
    public static final long RETRY_AFTER_SECONDS = 5;

    public NoRulesetInForce() {
        super("No ruleset is in force yet; retry shortly.", null, false, false);
    }
}
