package dev.bonafide.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.refusal.Refusal.Kind;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Gives every error response of every operation in the OpenAPI document the problem+json body the
 * service really answers with that status: the Problem schema and an example whose {@code type},
 * {@code title} and {@code status} are those of {@link ProblemMappers} and
 * {@link BodyLimitFilter}. Without one, Swagger UI shows the schema's own example (a 400) for every
 * status, and 401 and 403 show no body at all.
 *
 * <p>Examples written on an operation's annotations are kept. The filter also documents the errors
 * every operation of a kind can answer: 429 for every API call (fair use), 413 and 415 for every
 * call with a body, 409 for every call that takes an Idempotency-Key, 412 and 428 for every call
 * that takes If-Match.
 *
 * <p>It runs when the service is built, not at every start: the document it writes is the same.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemExamples implements OASFilter {

    private static final ObjectMapper TEXT = new ObjectMapper();

    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private static final String SCREENING_ID = "7a1f0000-0000-4000-8000-000000000000";
    private static final String RULE_ID = "large-network";
    private static final String RULESET_VERSION = "7";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (item.getOperations() == null) {
                return;
            }
            item.getOperations().forEach((method, operation) -> complete(method, path, operation));
        });
    }

    private void complete(PathItem.HttpMethod method, String path, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (path.startsWith("/api/")) {
            addIfMissing(responses, 429, "This app is over its rate; retry after the Retry-After seconds.");
        }
        if (operation.getRequestBody() != null) {
            keepTextExamplesText(operation.getRequestBody().getContent());
            addIfMissing(responses, 413, "The body is larger than 64 KiB.");
            addIfMissing(responses, 415, "The body is not application/json.");
        }
        if (takesHeader(operation, Idempotency.HEADER)) {
            addIfMissing(responses, 409, "The Idempotency-Key was used with a different request.");
        }
        if (takesHeader(operation, HttpHeaders.IF_MATCH)) {
            addIfMissing(responses, 412, "If-Match names a version that is no longer in force.");
            addIfMissing(responses, 428, "If-Match is missing.");
        }
        for (Map.Entry<String, APIResponse> entry :
                new ArrayList<>(responses.getAPIResponses().entrySet())) {
            int status = statusOf(entry.getKey());
            if (status >= 400) {
                complete(entry.getValue(), status, method.name(), path);
            }
        }
    }

    /**
     * The scanner reads every example that starts like JSON as JSON, whatever its media type: an
     * example of JSON lines becomes its first line's object. A body that is not JSON is text, so its
     * example is written back as its text (that first line).
     */
    private static void keepTextExamplesText(Content content) {
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        content.getMediaTypes().forEach((type, media) -> {
            if (type.contains("json") && !type.contains("ndjson") || media.getExamples() == null) {
                return;
            }
            media.getExamples().values().forEach(example -> {
                Object value = example.getValue();
                if (value != null && !(value instanceof String)) {
                    try {
                        example.setValue(TEXT.writeValueAsString(value) + "\n");
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("An example could not be written back as text", e);
                    }
                }
            });
        });
    }

    private static boolean takesHeader(Operation operation, String header) {
        if (operation.getParameters() == null) {
            return false;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (parameter.getIn() == Parameter.In.HEADER && header.equalsIgnoreCase(parameter.getName())) {
                return true;
            }
        }
        return false;
    }

    private static void addIfMissing(APIResponses responses, int status, String description) {
        if (!responses.hasAPIResponse(Integer.toString(status))) {
            responses.addAPIResponse(
                    Integer.toString(status), OASFactory.createAPIResponse().description(description));
        }
    }

    private static int statusOf(String code) {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void complete(APIResponse response, int status, String method, String path) {
        String description = response.getDescription();
        String better = betterDescription(status, description);
        if (better != null) {
            response.setDescription(better);
        }
        Content content = response.getContent();
        if (content == null) {
            content = OASFactory.createContent();
            response.setContent(content);
        }
        MediaType existing = content.getMediaType(Problem.MEDIA_TYPE);
        MediaType media = existing != null ? existing : OASFactory.createMediaType();
        if (existing == null) {
            content.addMediaType(Problem.MEDIA_TYPE, media);
        }
        if (media.getSchema() == null) {
            media.setSchema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
        }
        boolean hasExamples = media.getExample() != null
                || (media.getExamples() != null && !media.getExamples().isEmpty());
        if (!hasExamples) {
            examples(status, method, path)
                    .forEach((name, body) ->
                            media.addExample(name, OASFactory.createExample().value(body)));
        }
    }

    /** Replaces the descriptions the OpenAPI extension writes for responses it adds on its own. */
    private static String betterDescription(int status, String description) {
        if (description != null
                && !description.isBlank()
                && !description.equals("Not Authorized")
                && !description.equals("Not Allowed")
                && !description.equals("Bad Request")) {
            return null;
        }
        return switch (status) {
            case 400 -> "Malformed JSON, a wrong type, or a missing or out-of-range field.";
            case 401 ->
                "No bearer token, or one that is malformed, expired, or not signed by the configured key and issuer.";
            case 403 -> "The token's roles do not allow this call.";
            default -> description == null || description.isBlank() ? "An error (problem+json)." : null;
        };
    }

    /** The problem bodies the service answers with this status on this operation, by example name. */
    static Map<String, Map<String, Object>> examples(int status, String method, String path) {
        String instance = instance(path);
        Map<String, Map<String, Object>> examples = new LinkedHashMap<>();
        switch (status) {
            case 400 -> {
                if (path.equals("/api/v1/screenings") && method.equals("GET")) {
                    examples.put(
                            "invalid",
                            refusal(
                                    Kind.INVALID_REQUEST,
                                    "limit must be a whole number from 1 to 100.",
                                    instance,
                                    onlyError("limit", "must be a whole number from 1 to 100")));
                    examples.put(
                            "cursor",
                            refusal(
                                    Kind.INVALID_REQUEST,
                                    "The cursor is not one this service gave out; start again without it.",
                                    instance,
                                    onlyError("cursor", "is not a cursor from a previous page")));
                } else if (path.endsWith("/feedback") && method.equals("POST")) {
                    invalidOrMalformed(
                            examples,
                            instance,
                            "occurredAt is required: when the recipient did it (ISO-8601)",
                            onlyError("occurredAt", "is required: when the recipient did it (ISO-8601)"));
                } else if (path.startsWith("/api/v1/screenings") && method.equals("POST")) {
                    invalidOrMalformed(
                            examples,
                            instance,
                            "mutualConnections must not be negative; requesterNetworkSize is required",
                            List.of(
                                    fieldError("mutualConnections", "must not be negative"),
                                    fieldError("requesterNetworkSize", "is required")));
                } else if (path.equals("/api/v1/rulesets")) {
                    examples.put(
                            "invalid",
                            refusal(
                                    Kind.INVALID_REQUEST,
                                    "limit must be a whole number from 1 to 200.",
                                    instance,
                                    onlyError("limit", "must be a whole number from 1 to 200")));
                } else if (path.equals("/api/v1/thresholds")) {
                    invalidOrMalformed(
                            examples,
                            instance,
                            "acceptThreshold must be between 0 and 100",
                            onlyError("acceptThreshold", "must be between 0 and 100"));
                } else if (path.startsWith("/api/v1/rules")) {
                    invalidOrMalformed(examples, instance, "points is required", onlyError("points", "is required"));
                } else {
                    examples.put("invalid", refusal(Kind.INVALID_REQUEST, "The request is invalid.", instance, null));
                }
            }
            case 401 -> {
                examples.put(
                        "no token",
                        refusal(
                                Kind.UNAUTHENTICATED,
                                "Send a bearer token: Authorization: Bearer <token> (see the README, \"Access control\").",
                                instance,
                                null));
                examples.put(
                        "bad token",
                        refusal(
                                Kind.UNAUTHENTICATED,
                                "The bearer token is not valid: it is malformed, expired, not signed with the configured key "
                                        + "or not from the configured issuer.",
                                instance,
                                null));
            }
            case 403 ->
                examples.put(
                        "forbidden",
                        refusal(Kind.FORBIDDEN, "The token's roles do not allow this call.", instance, null));
            case 404 -> examples.put("unknown", refusal(Kind.NOT_FOUND, notFoundDetail(path), instance, null));
            case 409 -> {
                if (path.equals("/api/v1/rules") && method.equals("POST")) {
                    examples.put(
                            "exists",
                            refusal(
                                    Kind.CONFLICT,
                                    "A rule with the id '" + RULE_ID + "' exists; change it with PUT /api/v1/rules/"
                                            + RULE_ID + ".",
                                    instance,
                                    null));
                }
                examples.put(
                        "key reused",
                        refusal(
                                Kind.KEY_REUSED,
                                "This Idempotency-Key was used with a different request in the last 24 hours; "
                                        + "use a new key for a new request.",
                                instance,
                                null));
            }
            case 412 ->
                examples.put(
                        "stale",
                        refusal(
                                Kind.STALE_VERSION,
                                "The change was based on version 3 but version 4 is in force; read the rules again "
                                        + "(GET /api/v1/rules) and retry with If-Match: \"4\".",
                                instance,
                                null));
            case 413 ->
                examples.put(
                        "too large",
                        problem(
                                "body-too-large",
                                "Body too large",
                                413,
                                "The body is 70000 bytes; the limit is 65536 bytes.",
                                instance,
                                null));
            case 415 ->
                examples.put(
                        "not json",
                        problem(
                                "unsupported-media-type",
                                "Unsupported media type",
                                415,
                                "Send the body as application/json.",
                                instance,
                                null));
            case 422 ->
                examples.put(
                        "rejected",
                        path.equals("/api/v1/thresholds")
                                ? refusal(
                                        Kind.RULE_REJECTED,
                                        "The ruleset was not changed: declineThreshold: must not be above acceptThreshold",
                                        instance,
                                        onlyError("declineThreshold", "must not be above acceptThreshold"))
                                : refusal(
                                        Kind.RULE_REJECTED,
                                        "The ruleset was not changed: rules[0].when (line 1, column 23): Syntax error: mismatched input '<EOF>'",
                                        instance,
                                        List.of(fieldErrorAt(
                                                "rules[0].when", "Syntax error: mismatched input '<EOF>'", 1, 23))));
            case 428 ->
                examples.put(
                        "no If-Match",
                        refusal(
                                Kind.VERSION_REQUIRED,
                                "Send If-Match with the ETag of GET /api/v1/rules (the version the change is based on), so that "
                                        + "concurrent edits cannot overwrite each other.",
                                instance,
                                null));
            case 429 ->
                examples.put(
                        "over the rate",
                        refusal(
                                Kind.OVER_FAIR_USE,
                                "This app is over its rate of 200.0 requests a second (bursts up to 400); retry after the "
                                        + "Retry-After seconds.",
                                instance,
                                null));
            case 503 -> {
                examples.put(
                        "database",
                        refusal(
                                Kind.STORE_UNAVAILABLE,
                                "The database cannot be reached; nothing was stored. Retry after "
                                        + Refusal.RETRY_AFTER_SECONDS + " seconds.",
                                instance,
                                null));
                if (path.equals("/api/v1/screenings") && method.equals("POST")) {
                    examples.put(
                            "busy",
                            refusal(
                                    Kind.BUSY,
                                    "The screening was not stored in time and nothing was stored; retry shortly.",
                                    instance,
                                    null));
                    examples.put(
                            "outcome unknown",
                            refusal(
                                    Kind.OUTCOME_UNKNOWN,
                                    Refusal.outcomeUnknown("the screening").getMessage(),
                                    instance,
                                    null));
                }
                examples.put(
                        "no ruleset",
                        refusal(Kind.NO_RULESET, "No ruleset is in force yet; retry shortly.", instance, null));
            }
            default ->
                examples.put(
                        "error",
                        problem(slugOf(status), titleOf(status), status, titleOf(status) + ".", instance, null));
        }
        return examples;
    }

    private static String notFoundDetail(String path) {
        if (path.startsWith("/api/v1/screenings")) {
            return "No screening has the id " + SCREENING_ID + ".";
        }
        if (path.startsWith("/api/v1/rulesets")) {
            return "No ruleset has the version " + RULESET_VERSION + ".";
        }
        if (path.startsWith("/api/v1/rules")) {
            return "No rule has the id '" + RULE_ID + "' in version 4.";
        }
        return "Nothing is at " + instance(path) + ".";
    }

    /** The path with example values in place of its parameters. */
    static String instance(String path) {
        String value = path.startsWith("/api/v1/screenings")
                ? SCREENING_ID
                : path.startsWith("/api/v1/rulesets") ? RULESET_VERSION : RULE_ID;
        return path.replaceAll("\\{[^}]+}", value);
    }

    private static String slugOf(String title) {
        return title.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    private static String slugOf(int status) {
        return slugOf(titleOf(status));
    }

    private static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    /** A body that fails validation, and one that is not JSON: the two 400s of an operation with a body. */
    private static void invalidOrMalformed(
            Map<String, Map<String, Object>> examples,
            String instance,
            String detail,
            List<Map<String, Object>> errors) {
        examples.put("invalid", refusal(Kind.INVALID_REQUEST, detail, instance, errors));
        examples.put("malformed", malformed(instance));
    }

    private static Map<String, Object> malformed(String instance) {
        return problem(
                "malformed-json",
                "Malformed JSON",
                400,
                "The body is not valid JSON (line 1, column 24).",
                instance,
                null);
    }

    private static List<Map<String, Object>> onlyError(String field, String message) {
        return List.of(fieldError(field, message));
    }

    private static Map<String, Object> fieldError(String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private static Map<String, Object> fieldErrorAt(String field, String message, int line, int column) {
        Map<String, Object> error = fieldError(field, message);
        error.put("column", column);
        return error;
    }

    /** The body of a refusal of this kind, with the status, type and title {@link ProblemMappers} gives it. */
    private static Map<String, Object> refusal(
            Kind kind, String detail, String instance, List<Map<String, Object>> errors) {
        RefusalAnswer answer = RefusalAnswer.of(kind);
        return problem(answer.slug(), answer.title(), answer.status(), detail, instance, errors);
    }

    private static Map<String, Object> problem(
            String slug, String title, int status, String detail, String instance, List<Map<String, Object>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problem.type(slug));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        if (errors != null) {
            body.put("errors", errors);
        }
        return body;
    }
}
