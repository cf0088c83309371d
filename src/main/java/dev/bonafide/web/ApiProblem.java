package dev.bonafide.web;

import java.util.List;

/**
 * A refusal a service decides on (a stale version, a rule that does not compile, a duplicate id),
 * answered as problem+json with its status by {@link ProblemMappers}.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final transient List<Problem.FieldError> errors;
    private final long retryAfterSeconds;

    public ApiProblem(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        this(status, slug, title, detail, errors, 0);
    }

    private ApiProblem(
            int status,
            String slug,
            String title,
            String detail,
            List<Problem.FieldError> errors,
            long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A 503: the service cannot answer now; the detail says what became of the request. */
    public static ApiProblem unavailable(String slug, String title, String detail, long retryAfterSeconds) {
        return new ApiProblem(503, slug, title, detail, null, retryAfterSeconds);
    }

    /** Seconds the caller should wait before retrying, or 0 when no Retry-After applies. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, null);
    }

    public static ApiProblem conflict(String detail, List<Problem.FieldError> errors) {
        return new ApiProblem(409, "conflict", "Conflict", detail, errors);
    }

    public static ApiProblem badRequest(String detail, List<Problem.FieldError> errors) {
        return new ApiProblem(400, "invalid-request", "Invalid request", detail, errors);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
