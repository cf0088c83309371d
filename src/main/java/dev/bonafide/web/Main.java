package dev.bonafide.web;

import dev.bonafide.config.EarlyEngine;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service. Quarkus answers a request whose target is not a valid URI (such as a query
 * with {@code %%}) with a bare 400 before any route runs; with its check turned off here, {@link
 * HttpEdge} makes the same check first on every request and answers it as problem+json. Set before
 * Quarkus starts, since Quarkus reads it once; tests set it in the build (surefire). HttpEdge sees
 * every request because the service runs at the root path with no HTTP filters of Quarkus' own
 * ({@code quarkus.http.root-path}, {@code quarkus.http.filter.*}); whoever sets those must check that
 * it still does. The engine's parts that need no database start building at once ({@link
 * EarlyEngine}).
 */
@QuarkusMain
public class Main {

    /** Quarkus' switch for its own check of the request target. */
    static final String URI_CHECK_OFF = "vertx.disableURIValidation";

    public static void main(String... args) {
        System.setProperty(URI_CHECK_OFF, "true");
        EarlyEngine.start();
        Quarkus.run(args);
    }
}
