package dev.bonafide.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bonafide.config.BonafideConfig;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.FieldError;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The HTTP layer's refusals, answered as problem+json like every other error: a body larger than
 * the limit (announced or chunked), headers larger than {@code bonafide.http.max-headers-size}, a
 * missing or malformed {@code Host}, a request target that is not a valid URI (an invalid
 * percent-encoding in the path or query, a brace, a quote) and an empty
 * {@code Idempotency-Key} are refused before the REST layer reads the request; any other failure
 * the HTTP layer reports becomes a problem+json answer with its status, never a stack trace.
 */
@ApplicationScoped
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);

    /** Uploads of labelled examples: read as they arrive, with a limit of their own. */
    static final String UPLOAD_PATH = "/api/v1/classifier/examples";

    private final long maxBodySize;
    private final long maxUploadSize;
    private final long maxHeadersSize;
    private final ObjectMapper json;
    private final BodyHandler chunkedBodies;

    public HttpEdge(Config quarkusConfig, BonafideConfig config, ObjectMapper json) {
        // Quarkus' own limit is the largest any route takes; each route's limit is enforced here.
        long quarkusLimit = quarkusConfig
                .getValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .asLongValue();
        this.maxBodySize = Math.min(config.http().maxBodySize().asLongValue(), quarkusLimit);
        this.maxUploadSize = Math.min(config.classifier().maxUploadSize().asLongValue(), quarkusLimit);
        this.maxHeadersSize = config.http().maxHeadersSize().asLongValue();
        this.json = json;
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(this.maxBodySize);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() != HttpVersion.HTTP_2 && request.authority() == null) {
            answer(
                    context,
                    400,
                    "bad-request",
                    "Bad request",
                    "The Host header is missing or is not a host name with an optional port.",
                    null,
                    false);
            return;
        }
        String target = request.uri();
        if (!validPercentEncoding(target)) {
            answer(
                    context,
                    400,
                    "bad-request",
                    "Bad request",
                    "The path or query holds a % that is not followed by two hexadecimal digits; encode % as %25.",
                    null,
                    false);
            return;
        }
        if (!validUri(target)) {
            answer(
                    context,
                    400,
                    "bad-request",
                    "Bad request",
                    "The request target is not a valid URI; encode characters such as spaces, quotes and braces.",
                    null,
                    false);
            return;
        }
        if (headersSize(request) > maxHeadersSize) {
            answer(
                    context,
                    431,
                    "headers-too-large",
                    "Request header fields too large",
                    "The request headers are larger than " + maxHeadersSize + " bytes.",
                    null,
                    true);
            return;
        }
        String key = request.getHeader(Idempotency.HEADER);
        if (key != null && key.isBlank()) {
            answer(
                    context,
                    400,
                    "invalid-request",
                    "Invalid request",
                    Idempotency.HEADER
                            + " is empty; send 1 to 200 visible ASCII characters, such as a UUID, or no header.",
                    List.of(new FieldError(Idempotency.HEADER, "must be 1 to 200 visible ASCII characters")),
                    false);
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean upload = UPLOAD_PATH.equals(request.path());
        if (length == null) {
            if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null && !upload) {
                // A body of unannounced length: read it whole, refusing it once it passes the limit
                // (the failure handler below answers the 413).
                chunkedBodies.handle(context);
            } else {
                context.next();
            }
            return;
        }
        long announced;
        try {
            announced = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            announced = -1;
        }
        if (announced < 0) {
            answer(
                    context,
                    400,
                    "bad-request",
                    "Bad request",
                    "Content-Length is not a whole number of bytes.",
                    null,
                    true);
        } else if (announced > limit(context)) {
            bodyTooLarge(context, "The body is " + announced + " bytes; the limit is " + limit(context) + " bytes.");
        } else {
            context.next();
        }
    }

    /** The body limit of a request's route (an upload's body of unannounced length is counted as it is read). */
    private long limit(RoutingContext context) {
        return UPLOAD_PATH.equals(context.request().path()) ? maxUploadSize : maxBodySize;
    }

    private void bodyTooLarge(RoutingContext context, String detail) {
        answer(context, 413, "body-too-large", "Body too large", detail, null, true);
    }

    /** Failures the HTTP layer reports (the REST layer answers its own through {@link ProblemMappers}). */
    private void failed(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        int status = context.statusCode();
        if (status == 413) {
            bodyTooLarge(context, "The body is larger than the limit of " + limit(context) + " bytes.");
        } else if (status >= 400 && status < 500) {
            String title = HttpResponseStatus.valueOf(status).reasonPhrase();
            answer(
                    context,
                    status,
                    title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'),
                    title,
                    title + ".",
                    null,
                    status == 400);
        } else {
            // The exception's text is the service's own; the request's text is not logged.
            LOG.error("Unexpected failure in the HTTP layer", context.failure());
            answer(
                    context,
                    500,
                    "internal-error",
                    "Internal error",
                    "The service failed to answer; the failure is logged. Try again later.",
                    null,
                    false);
        }
    }

    private void answer(
            RoutingContext context,
            int status,
            String slug,
            String title,
            String detail,
            List<FieldError> errors,
            boolean close) {
        Problem problem = new Problem(Problem.type(slug), title, status, detail, rawPath(context), errors);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"" + problem.type() + "\",\"status\":" + status + "}";
        }
        var response = context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            // The rest of the request is not read: the connection cannot carry another one.
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(body);
    }

    private static String rawPath(RoutingContext context) {
        String uri = context.request().uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        return path.length() > 300 ? path.substring(0, 300) : path;
    }

    /**
     * The request target parses as a URI: the check Quarkus makes before any route when it is on
     * ({@link Main}), made here so that its refusal is problem+json.
     */
    static boolean validUri(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Every % is followed by two hexadecimal digits. */
    static boolean validPercentEncoding(String uri) {
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            if (i + 2 >= uri.length()
                    || Character.digit(uri.charAt(i + 1), 16) < 0
                    || Character.digit(uri.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The request headers' size as sent: each "name: value" line with its line break. */
    private static long headersSize(HttpServerRequest request) {
        long size = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }
}
