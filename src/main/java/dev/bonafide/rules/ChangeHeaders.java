package dev.bonafide.rules;

import dev.bonafide.idempotency.Idempotency;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The headers every change to the ruleset takes: the version it is based on, why it is made, and
 * a key that makes retries safe. Declared once, for every change endpoint of {@link RulesResource}.
 */
public record ChangeHeaders(
        @Parameter(
                in = ParameterIn.HEADER,
                name = HttpHeaders.IF_MATCH,
                description = "The ETag of GET /api/v1/rules: the version this change is based on.",
                required = true,
                example = "\"1\"")
        @HeaderParam(HttpHeaders.IF_MATCH)
        String ifMatch,

        @Parameter(
                in = ParameterIn.HEADER,
                name = ChangeContext.COMMENT_HEADER,
                description = "Why, kept in the history.")
        @HeaderParam(ChangeContext.COMMENT_HEADER)
        String comment,

        @Parameter(
                in = ParameterIn.HEADER,
                name = Idempotency.HEADER,
                description = "Makes retries safe: a retry with the same key and request returns the "
                        + "original result; the same key with another request is 409. Keys expire after 24 hours.")
        @HeaderParam(Idempotency.HEADER)
        String idempotencyKey) {

    /** The change's context: its base version, author and comment, checked. */
    ChangeContext context(String author) {
        return ChangeContext.of(ifMatch, author, comment);
    }
}
