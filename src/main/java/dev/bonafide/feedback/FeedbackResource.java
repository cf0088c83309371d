package dev.bonafide.feedback;

import dev.bonafide.refusal.Refusal;
import dev.bonafide.security.Caller;
import dev.bonafide.security.FairUse;
import dev.bonafide.security.Roles;
import dev.bonafide.web.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What recipients did about screened requests. */
@Path("/api/v1/screenings/{id}/feedback")
@Tag(name = "Feedback", description = "What the recipient finally did: it feeds statistics and history facts.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@FairUse
public class FeedbackResource {

    @Inject
    FeedbackService feedback;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed(Roles.SCREENER)
    @Operation(
            summary = "Record what the recipient did",
            description =
                    "Records ACCEPTED, IGNORED or REPORTED (with an optional reason) for a screening the app made. "
                            + "Of two outcomes for one screening, the one that happened later (occurredAt) is in force and "
                            + "every change is kept. Sending the outcome in force again changes nothing, so a retry is "
                            + "harmless without an Idempotency-Key; an outcome that happened before the one in force is 409. "
                            + "Another app's screening is 404.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = {
                                @ExampleObject(
                                        name = "reported",
                                        summary = "The recipient reported the networker's request as spam",
                                        value = FeedbackExamples.REPORTED_REQUEST),
                                @ExampleObject(
                                        name = "accepted",
                                        summary = "The recipient accepted the founder's request",
                                        value = FeedbackExamples.ACCEPTED_REQUEST)
                            }))
    @APIResponse(
            responseCode = "201",
            description = "The screening's first outcome, recorded.",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = FeedbackView.class),
                            examples = @ExampleObject(name = "reported", value = FeedbackExamples.REPORTED)))
    @APIResponse(
            responseCode = "200",
            description =
                    "A later outcome replaced the one in force, or the same one was sent again (nothing changed).",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = FeedbackView.class),
                            examples = @ExampleObject(name = "changed", value = FeedbackExamples.CHANGED)))
    @APIResponse(
            responseCode = "400",
            description = "An unknown outcome or reason, a reason without REPORTED, or occurredAt missing, in the "
                    + "future or before the screening; nothing was stored.")
    @APIResponse(responseCode = "404", description = "The app has no screening with this id.")
    @APIResponse(
            responseCode = "409",
            description = "The outcome in force happened later, or the outcome changed " + FeedbackStore.MAX_CHANGES
                    + " times already; nothing was stored.")
    @APIResponse(
            responseCode = "503",
            description = "The database cannot be reached; retry after the Retry-After seconds.")
    public Response record(
            @Parameter(description = "The screening's id (a UUID).", example = "5d0e8a77-93c2-4f1b-8e25-7c1d2b6a9f40")
                    @PathParam("id")
                    String id,
            @Valid @NotNull(message = "is required: send a JSON object") FeedbackRequest request) {
        UUID screeningId = QueryParams.screeningId(id);
        FeedbackService.Answer answer = feedback.record(screeningId, request, caller.appId(), caller.author());
        if (answer.created()) {
            return Response.status(Response.Status.CREATED)
                    .header(HttpHeaders.LOCATION, "/api/v1/screenings/" + screeningId + "/feedback")
                    .entity(answer.feedback())
                    .build();
        }
        return Response.ok(answer.feedback()).build();
    }

    @GET
    @RolesAllowed({Roles.SCREENER, Roles.AUDITOR})
    @Operation(
            summary = "Read a screening's feedback",
            description = "The outcome in force and every outcome recorded. An app reads only its own screenings' "
                    + "feedback (another app's screening is 404); an auditor reads any. "
                    + "GET /screenings/{id} shows the same under feedback.")
    @APIResponse(
            responseCode = "200",
            description = "The feedback.",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = FeedbackView.class),
                            examples = @ExampleObject(name = "changed", value = FeedbackExamples.CHANGED)))
    @APIResponse(responseCode = "404", description = "No screening has this id, or no feedback was sent for it.")
    public FeedbackView read(
            @Parameter(description = "The screening's id (a UUID).", example = "5d0e8a77-93c2-4f1b-8e25-7c1d2b6a9f40")
                    @PathParam("id")
                    String id) {
        UUID screeningId = QueryParams.screeningId(id);
        return feedback.find(screeningId, caller.isAuditor() ? null : caller.appId())
                .orElseThrow(() -> Refusal.notFound("No feedback was sent for the screening " + screeningId + "."));
    }
}
