package dev.bonafide.refusal;

import java.util.List;

/**
 * A request the service declines, and why, in the domain's words. The {@link Kind} says which
 * condition it is; the detail is the sentence the caller reads (it never quotes more of the caller's
 * input than an abbreviated id); {@link #retryAfterSeconds()} is set where retrying later can
 * succeed.
 */
public class Refusal extends RuntimeException {

    /** The conditions a request can be refused for. */
    public enum Kind {
        /** A field, header or parameter is missing, malformed or out of range. */
        INVALID_REQUEST,
        /** The body is larger than its limit. */
        TOO_LARGE,
        /** The caller's credentials cannot be used. */
        UNAUTHENTICATED,
        /** The caller's roles do not allow this. */
        FORBIDDEN,
        /** No such screening, rule or ruleset (for this caller). */
        NOT_FOUND,
        /** The request contradicts what is stored (a rule id that exists). */
        CONFLICT,
        /** An Idempotency-Key was used before with another request. */
        KEY_REUSED,
        /** A change names a ruleset version that is no longer in force. */
        STALE_VERSION,
        /** A change does not say which version it is based on. */
        VERSION_REQUIRED,
        /** A rule or ruleset does not compile, or is over its budget. */
        RULE_REJECTED,
        /** The app is over its share of requests or of CPU. */
        OVER_FAIR_USE,
        /** Too much is waiting, or the service is stopping: nothing was stored. */
        BUSY,
        /** The database cannot be reached: nothing was stored. */
        STORE_UNAVAILABLE,
        /** The database did not confirm a commit: the work may or may not be stored. */
        OUTCOME_UNKNOWN,
        /** The store refused the work for a reason of its own: nothing was stored. */
        NOT_STORED,
        /** No ruleset is stored and compiled yet. */
        NO_RULESET
    }

    /**
     * Seconds a caller is asked to wait before retrying when the service could not do the work now
     * (the store failed, the writers were too busy, no ruleset is in force yet).
     */
    public static final long RETRY_AFTER_SECONDS = 5;

    private final Kind kind;
    private final transient List<FieldError> errors;
    private final long retryAfterSeconds;

    protected Refusal(Kind kind, String detail, List<FieldError> errors, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.kind = kind;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static Refusal invalid(String detail, List<FieldError> errors) {
        return new Refusal(Kind.INVALID_REQUEST, detail, errors, 0);
    }

    /** One invalid field; the detail is the field's name followed by the message. */
    public static Refusal invalidField(String field, String message) {
        return invalid(field + " " + message + ".", List.of(new FieldError(field, message)));
    }

    public static Refusal tooLarge(String detail) {
        return new Refusal(Kind.TOO_LARGE, detail, null, 0);
    }

    public static Refusal unauthenticated(String detail) {
        return new Refusal(Kind.UNAUTHENTICATED, detail, null, 0);
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(Kind.FORBIDDEN, detail, null, 0);
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, detail, null, 0);
    }

    public static Refusal conflict(String detail, List<FieldError> errors) {
        return new Refusal(Kind.CONFLICT, detail, errors, 0);
    }

    public static Refusal keyReused(String detail) {
        return new Refusal(Kind.KEY_REUSED, detail, null, 0);
    }

    public static Refusal staleVersion(String detail) {
        return new Refusal(Kind.STALE_VERSION, detail, null, 0);
    }

    public static Refusal versionRequired(String detail) {
        return new Refusal(Kind.VERSION_REQUIRED, detail, null, 0);
    }

    public static Refusal ruleRejected(String detail, List<FieldError> errors) {
        return new Refusal(Kind.RULE_REJECTED, detail, errors, 0);
    }

    /** Over fair use; the wait is rounded up to whole seconds, at least one. */
    public static Refusal overFairUse(String detail, long waitMillis) {
        return new Refusal(Kind.OVER_FAIR_USE, detail, null, Math.max(1, (waitMillis + 999) / 1000));
    }

    public static Refusal busy(String detail, long retryAfterSeconds) {
        return new Refusal(Kind.BUSY, detail, null, retryAfterSeconds);
    }

    /** The database could not be reached before anything was committed: nothing was stored. */
    public static Refusal storeUnavailable() {
        return new Refusal(
                Kind.STORE_UNAVAILABLE,
                "The database cannot be reached; nothing was stored. Retry after " + RETRY_AFTER_SECONDS + " seconds.",
                null,
                RETRY_AFTER_SECONDS);
    }

    /** A commit the database did not confirm; {@code what} names the work ("the screening"). */
    public static Refusal outcomeUnknown(String what) {
        return new Refusal(
                Kind.OUTCOME_UNKNOWN,
                "Whether " + what + " was stored is not known: the database did not confirm the commit. Retry with "
                        + "the same Idempotency-Key: if it was stored, the stored one is answered, otherwise it is "
                        + "stored once.",
                null,
                RETRY_AFTER_SECONDS);
    }

    /** As {@link #outcomeUnknown(String)}, for work that is safe to repeat as it is. */
    public static Refusal outcomeUnknown(String what, String howToRetry) {
        return new Refusal(
                Kind.OUTCOME_UNKNOWN,
                "Whether " + what + " was stored is not known: the database did not confirm the commit. " + howToRetry,
                null,
                RETRY_AFTER_SECONDS);
    }

    /** The store refused the work for a reason that retrying will not change; {@code what} names it. */
    public static Refusal notStored(String what) {
        return new Refusal(
                Kind.NOT_STORED,
                Character.toUpperCase(what.charAt(0)) + what.substring(1)
                        + " could not be stored; nothing was stored. The failure is logged. Try again later.",
                null,
                0);
    }

    public static Refusal noRuleset() {
        return new Refusal(Kind.NO_RULESET, "No ruleset is in force yet; retry shortly.", null, RETRY_AFTER_SECONDS);
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Seconds the caller should wait before retrying, or 0 when no Retry-After applies. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
