package dev.bonafide.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.bonafide.rules.NoRulesetInForce;
import dev.bonafide.security.FairUseExceeded;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place errors become responses: every error is problem+json, with a message a person can
 * act on and never a stack trace or a class name.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response problem(
            int status, String slug, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        Problem body = new Problem(
                Problem.type(slug),
                title,
                status,
                detail,
                uri == null ? null : uri.getRequestUri().getRawPath(),
                errors == null || errors.isEmpty() ? null : errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    @ServerExceptionMapper
    public Response noRuleset(NoRulesetInForce e, UriInfo uri) {
        return Response.fromResponse(problem(503, "no-ruleset", "Service unavailable", e.getMessage(), uri, null))
                .header(HttpHeaders.RETRY_AFTER, NoRulesetInForce.RETRY_AFTER_SECONDS)
                .build();
    }

    @ServerExceptionMapper
    public Response overFairUse(FairUseExceeded e, UriInfo uri) {
        return Response.fromResponse(problem(429, "too-many-requests", "Too many requests", e.getMessage(), uri, null))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response decided(ApiProblem e, UriInfo uri) {
        Response response = problem(e.status(), e.slug(), e.title(), e.getMessage(), uri, e.errors());
        if (e.status() == 401) {
            return Response.fromResponse(response)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                    .build();
        }
        return e.retryAfterSeconds() > 0
                ? Response.fromResponse(response)
                        .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                        .build()
                : response;
    }

    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.UnauthorizedException e, UriInfo uri) {
        return unauthorized(
                "Send a bearer token: Authorization: Bearer <token> (see the README, \"Access control\").", uri);
    }

    @ServerExceptionMapper
    public Response badToken(io.quarkus.security.AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(
                "The bearer token is not valid: it is malformed, expired, not signed with the configured key "
                        + "or not from the configured issuer.",
                uri);
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return problem(403, "forbidden", "Forbidden", "The token's roles do not allow this call.", uri, null);
    }

    private static Response unauthorized(String detail, UriInfo uri) {
        Response response = problem(401, "unauthorized", "Unauthorized", detail, uri, null);
        return Response.fromResponse(response)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail =
                errors.stream().map(err -> err.field() + " " + err.message()).collect(Collectors.joining("; "));
        return problem(400, "invalid-request", "Invalid request", detail, uri, errors);
    }

    /** "screen.request.requester.id" becomes "requester.id"; the body itself is "body". */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        Iterator<Path.Node> nodes = violation.getPropertyPath().iterator();
        while (nodes.hasNext()) {
            Path.Node node = nodes.next();
            switch (node.getKind()) {
                case METHOD, PARAMETER -> {}
                default ->
                    names.add(node.getIndex() != null ? node.getName() + "[" + node.getIndex() + "]" : node.getName());
            }
        }
        names.removeIf(n -> n == null || n.isEmpty());
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return problem(
                400,
                "malformed-json",
                "Malformed JSON",
                "The body is not valid JSON" + at(e.getLocation()) + ".",
                uri,
                null);
    }

    @ServerExceptionMapper
    public Response tooLargeNumber(InputCoercionException e, UriInfo uri) {
        return problem(
                400,
                "invalid-request",
                "Invalid request",
                "A number is out of range" + at(e.getLocation()) + ".",
                uri,
                null);
    }

    @ServerExceptionMapper
    public Response jsonLimits(StreamConstraintsException e, UriInfo uri) {
        return problem(
                400,
                "malformed-json",
                "Malformed JSON",
                "The body exceeds the JSON limits (nesting, number or string length).",
                uri,
                null);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return mapping(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        return mapping(e, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return problem(
                400,
                "malformed-json",
                "Malformed JSON",
                "The body is not valid JSON" + at(e.getLocation()) + ".",
                uri,
                null);
    }

    private Response mapping(JsonMappingException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        if (e instanceof UnrecognizedPropertyException unknown) {
            return invalidField(uri, field, "is not a known field", unknown);
        }
        if (field.isEmpty()) {
            return problem(
                    400,
                    "malformed-json",
                    "Malformed JSON",
                    e.getOriginalMessage() != null && e.getOriginalMessage().contains("No content")
                            ? "The body is empty; send a JSON object."
                            : "The body must be a JSON object" + at(e.getLocation()) + ".",
                    uri,
                    null);
        }
        String message;
        if (e instanceof InvalidNullException) {
            message = "must not be null";
        } else if (e instanceof InvalidFormatException invalid) {
            message = "has the wrong type: " + describe(invalid.getValue()) + " is not "
                    + expected(invalid.getTargetType());
        } else if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            message = "has the wrong type: expected " + expected(mismatched.getTargetType());
        } else {
            message = "has the wrong type";
        }
        return invalidField(uri, field, message, e);
    }

    private static Response invalidField(UriInfo uri, String field, String message, JsonProcessingException e) {
        return problem(
                400,
                "invalid-request",
                "Invalid request",
                field + " " + message + at(e.getLocation()) + ".",
                uri,
                List.of(new Problem.FieldError(field, message)));
    }

    private static String describe(Object value) {
        return value instanceof String s
                ? "\"" + (s.length() > 40 ? s.substring(0, 40) + "\u2026" : s) + "\""
                : String.valueOf(value);
    }

    private static String expected(Class<?> type) {
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        String detail = e.getMessage() != null && !e.getMessage().startsWith("HTTP 404")
                ? e.getMessage()
                : "Nothing is at " + uri.getRequestUri().getRawPath() + ".";
        return problem(404, "not-found", "Not found", detail, uri, null);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Response response = problem(
                405,
                "method-not-allowed",
                "Method not allowed",
                "This path does not answer that method; it allows "
                        + e.getResponse().getAllowedMethods() + ".",
                uri,
                null);
        return Response.fromResponse(response)
                .allow(e.getResponse().getAllowedMethods())
                .build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return problem(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                "Send the body as application/json.",
                uri,
                null);
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return problem(
                406,
                "not-acceptable",
                "Not acceptable",
                "This endpoint answers application/json (errors as application/problem+json).",
                uri,
                null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonParseException parse) {
            return malformedJson(parse, uri);
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return mapping(mapping, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = e.getMessage() != null && !e.getMessage().startsWith("HTTP ") ? e.getMessage() : title + ".";
        Response response = problem(status, title.toLowerCase().replace(' ', '-'), title, detail, uri, null);
        String retryAfter = e.getResponse().getHeaderString(HttpHeaders.RETRY_AFTER);
        return retryAfter == null
                ? response
                : Response.fromResponse(response)
                        .header(HttpHeaders.RETRY_AFTER, retryAfter)
                        .build();
    }

    /** Seconds a caller is asked to wait before retrying while the database is unreachable. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    private static final String DATABASE_UNAVAILABLE =
            "The database cannot be reached; nothing was stored. Retry after " + DATABASE_RETRY_AFTER_SECONDS
                    + " seconds.";

    /** The database could not be reached before anything was committed: nothing was stored. */
    public static ApiProblem databaseUnavailable() {
        return ApiProblem.unavailable(
                "database-unavailable", "Service unavailable", DATABASE_UNAVAILABLE, DATABASE_RETRY_AFTER_SECONDS);
    }

    /**
     * A commit that the database did not confirm: the work may or may not be stored. Distinct from
     * "database-unavailable", which means nothing was stored.
     */
    public static ApiProblem outcomeUnknown(String what) {
        return ApiProblem.unavailable(
                "outcome-unknown",
                "Outcome unknown",
                "Whether " + what + " was stored is not known: the database "
                        + "did not confirm the commit. Retry with the same Idempotency-Key: if it was stored, the stored one is "
                        + "answered, otherwise it is stored once.",
                DATABASE_RETRY_AFTER_SECONDS);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (databaseUnreachable(e)) {
            LOG.warnf(
                    "Database unreachable answering %s: %s",
                    uri == null ? "a request" : uri.getRequestUri().getRawPath(),
                    dev.bonafide.config.Failures.describe(e));
            Response response =
                    problem(503, "database-unavailable", "Service unavailable", DATABASE_UNAVAILABLE, uri, null);
            return Response.fromResponse(response)
                    .header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS)
                    .build();
        }
        if (clientWentAway(e)) {
            LOG.debugf(
                    "The client closed the connection before the answer to %s was sent",
                    uri == null ? "a request" : uri.getRequestUri().getRawPath());
            return problem(499, "client-closed-request", "Client closed request", "The client went away.", uri, null);
        }
        // Types and frames only: a message may quote what the caller sent.
        LOG.errorf(
                "Unexpected error answering %s: %s",
                uri == null ? "a request" : uri.getRequestUri().getRawPath(),
                dev.bonafide.config.Failures.withFrames(e));
        return problem(
                500,
                "internal-error",
                "Internal error",
                "The service failed to answer; the failure is logged. Try again later.",
                uri,
                null);
    }

    /**
     * A connection that cannot be opened or was lost: SQL state class 08, a server shutting down or
     * starting (57P01 to 57P03), or a pool that timed out acquiring a connection.
     */
    public static boolean databaseUnreachable(Throwable e) {
        return anyCause(e, t -> {
            if (t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                String message = String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT);
                // 08: connection exceptions; 57P01-57P03: the server is shutting down or starting up.
                return (state != null && (state.startsWith("08") || state.startsWith("57P")))
                        || message.contains("acquisition timeout")
                        || message.contains("connection is closed")
                        || message.contains("connection refused");
            }
            return false;
        });
    }

    /**
     * Whether an exception, its causes or the exceptions suppressed along the way match: a commit
     * that fails keeps the driver's error as a suppressed exception of the rollback, not as its cause.
     */
    private static boolean anyCause(Throwable e, java.util.function.Predicate<Throwable> test) {
        java.util.Deque<Throwable> pending = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        pending.push(e);
        while (!pending.isEmpty() && seen.size() < 64) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                pending.push(suppressed);
            }
        }
        return false;
    }

    /** The caller closed the connection mid-answer: not a server error. */
    private static boolean clientWentAway(Throwable e) {
        return anyCause(
                e,
                t -> t instanceof io.vertx.core.http.HttpClosedException
                        || t instanceof java.nio.channels.ClosedChannelException);
    }
}
