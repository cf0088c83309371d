package peer;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** POST /api/v1/screenings: validates, inserts one row, answers 201 with its id. */
@Path("/api/v1/screenings")
public class RequestResource {

    @POST
    @Transactional
    public Response create(@Valid @NotNull RequestBody body) {
        ConnectionRequest row = new ConnectionRequest();
        row.id = UUID.randomUUID();
        row.message = body.message();
        row.mutualConnections = body.mutualConnections();
        row.requesterNetworkSize = body.requesterNetworkSize();
        if (body.requester() != null) {
            row.requesterId = body.requester().id();
            row.headline = body.requester().headline();
        }
        row.recipientId = body.recipientId();
        row.knownToRecipient = Boolean.TRUE.equals(body.knownToRecipient());
        row.createdAt = Instant.now();
        row.persist();
        return Response.created(URI.create("/api/v1/screenings/" + row.id))
                .entity(Map.of("id", row.id, "createdAt", row.createdAt))
                .build();
    }
}
