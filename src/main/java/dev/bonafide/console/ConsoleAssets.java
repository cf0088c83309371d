package dev.bonafide.console;

import dev.bonafide.refusal.Refusal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's scripts and styles, served by the console itself from its own resources and from
 * the files the build copies out of the htmx and uPlot webjars: a page never asks another host for
 * anything. Only the files named here are served.
 */
@Path(ConsoleSession.PATH + "/assets")
public class ConsoleAssets {

    private record Asset(String resource, String type) {}

    // console/vendor/ holds the files the build copies out of the webjars (pom: htmx.version, uplot.version).
    private static final Map<String, Asset> ASSETS = Map.of(
            "console.css", new Asset("console/console.css", "text/css; charset=utf-8"),
            "console.js", new Asset("console/console.js", "text/javascript; charset=utf-8"),
            "htmx.min.js", new Asset("console/vendor/htmx.min.js", "text/javascript; charset=utf-8"),
            "uPlot.iife.min.js", new Asset("console/vendor/uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "uPlot.min.css", new Asset("console/vendor/uPlot.min.css", "text/css; charset=utf-8"));

    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    @GET
    @Path("/{name}")
    public Response asset(@PathParam("name") String name) {
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            throw Refusal.notFound("The console has no such file.");
        }
        byte[] bytes = loaded.computeIfAbsent(name, n -> read(asset.resource()));
        return Response.ok(bytes, asset.type())
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The console's asset " + resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
