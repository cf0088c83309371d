package dev.bonafide.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body announced larger than the limit before reading it, with a problem+json answer;
 * without this the HTTP layer closes the connection with an empty 413.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBodySize;
    private final ObjectMapper json;

    public BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                           ObjectMapper json) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long announced;
        try {
            announced = length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            announced = -1;
        }
        if (announced >= 0 && announced <= maxBodySize) {
            context.next();
            return;
        }
        Problem problem = announced < 0
                ? new Problem(Problem.type("bad-request"), "Bad request", 400, "Content-Length is not a number.",
                        context.request().path(), null)
                : new Problem(Problem.type("body-too-large"), "Body too large", 413,
                        "The body is " + announced + " bytes; the limit is " + maxBodySize + " bytes.",
                        context.request().path(), null);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
