package dev.bonafide.web;

import dev.bonafide.refusal.Refusal;

/**
 * The status, problem type and title a refusal is answered with: the one place a {@link Refusal.Kind}
 * gets them, so that one condition answers alike on every endpoint of the API and every page of the
 * console.
 */
public record RefusalAnswer(int status, String slug, String title) {

    public static RefusalAnswer of(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> new RefusalAnswer(400, "invalid-request", "Invalid request");
            case TOO_LARGE -> new RefusalAnswer(413, "body-too-large", "Body too large");
            case UNAUTHENTICATED -> new RefusalAnswer(401, "unauthorized", "Unauthorized");
            case FORBIDDEN -> new RefusalAnswer(403, "forbidden", "Forbidden");
            case NOT_FOUND -> new RefusalAnswer(404, "not-found", "Not found");
            case CONFLICT -> new RefusalAnswer(409, "conflict", "Conflict");
            case KEY_REUSED -> new RefusalAnswer(409, "idempotency-key-reused", "Conflict");
            case STALE_VERSION -> new RefusalAnswer(412, "stale-version", "Precondition failed");
            case RULE_REJECTED -> new RefusalAnswer(422, "invalid-rule", "Rule rejected");
            case VERSION_REQUIRED -> new RefusalAnswer(428, "precondition-required", "Precondition required");
            case OVER_FAIR_USE -> new RefusalAnswer(429, "too-many-requests", "Too many requests");
            case NOT_STORED -> new RefusalAnswer(500, "internal-error", "Internal error");
            case BUSY -> new RefusalAnswer(503, "service-unavailable", "Service unavailable");
            case STORE_UNAVAILABLE -> new RefusalAnswer(503, "database-unavailable", "Service unavailable");
            case OUTCOME_UNKNOWN -> new RefusalAnswer(503, "outcome-unknown", "Outcome unknown");
            case NO_RULESET -> new RefusalAnswer(503, "no-ruleset", "Service unavailable");
        };
    }
}
