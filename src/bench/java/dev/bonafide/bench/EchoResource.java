package dev.bonafide.bench;

import dev.bonafide.screening.ScreeningRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The floor of the load benchmark (scripts/load.sh): takes the same JSON body as
 * {@code POST /api/v1/screenings}, reads and validates it the same way, and answers a small JSON
 * without scoring or storing anything. What it costs is the HTTP and JSON part of a screening.
 *
 * <p>Its source lives in {@code src/bench/java}, which only the Maven {@code bench} profile adds
 * ({@code ./mvnw package -Pbench}): the service as it ships and the tests do not have it.
 */
@Path("/bench/echo")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EchoResource {

    /** What the floor answers: enough to show the body was read. */
    public record Echo(String requesterId, long mutualConnections, int messageLength) {}

    @POST
    @Operation(hidden = true)
    public Echo echo(@Valid @NotNull(message = "is required: send a JSON object") ScreeningRequest request) {
        return new Echo(
                request.requester() == null ? null : request.requester().id(),
                request.mutualConnections(),
                request.message() == null ? 0 : request.message().length());
    }
}
