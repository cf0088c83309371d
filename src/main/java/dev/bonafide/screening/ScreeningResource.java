package dev.bonafide.screening;

import dev.bonafide.engine.Verdict;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.FieldError;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Screens connection requests and reads stored screenings. */
@Path("/api/v1/screenings")
@Tag(name = "Screenings", description = "Screen connection requests and read the stored verdicts.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@FairUse
public class ScreeningResource {

    @Inject
    ScreeningService screenings;

    @Inject
    Caller caller;

    /** Apps see their own screenings; auditors see all. */
    private String onlyOfApp() {
        return caller.isAuditor() ? null : caller.appId();
    }

    @POST
    @RolesAllowed(Roles.SCREENER)
    @Operation(
            summary = "Screen a connection request",
            description = "Scores the request with the ruleset in force, stores the screening and returns it with the "
                    + "verdict, the score and every rule that fired (largest effect first). The screening is committed "
                    + "before the answer is sent.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = {
                                @ExampleObject(
                                        name = "networker",
                                        summary = "A stranger who flatters a picture (the essay's first story)",
                                        value = Examples.NETWORKER_REQUEST),
                                @ExampleObject(
                                        name = "founder",
                                        summary = "A founder who knows the recipient's work (the essay's second story)",
                                        value = Examples.FOUNDER_REQUEST)
                            }))
    @APIResponse(
            responseCode = "201",
            description = "Screened and stored; Location names the new screening.",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ScreeningView.class),
                            examples = {
                                @ExampleObject(name = "networker", value = Examples.NETWORKER_SCREENING),
                                @ExampleObject(name = "founder", value = Examples.FOUNDER_SCREENING)
                            }))
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON, a wrong type, or a missing or out-of-range field; nothing was stored.")
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used with a different body.")
    @APIResponse(responseCode = "413", description = "The body is larger than 64 KiB.")
    @APIResponse(responseCode = "415", description = "The body is not application/json.")
    @APIResponse(
            responseCode = "503",
            description =
                    "The database cannot be reached, no ruleset is in force, or the service is stopping; retry after the Retry-After seconds.")
    public Response screen(
            @Valid @NotNull(message = "is required: send a JSON object") ScreeningRequest request,
            @Parameter(
                            description = "Makes retries safe: a retry with the same key and body returns the "
                                    + "original screening (with Idempotent-Replayed: true); the same key with another body is 409. "
                                    + "Keys expire after 24 hours.",
                            example = "5f0c2a9e-1d7b-4c1e-9a51-0b8e2f6d7c30")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey,
            UriInfo uri) {
        Idempotency.Outcome<ScreeningView> outcome = screenings.screen(request, caller.appId(), idempotencyKey);
        ScreeningView screening = outcome.value();
        // A relative Location: the Host header is the caller's text, never repeated back.
        Response.ResponseBuilder response = Response.status(Response.Status.CREATED)
                .header(jakarta.ws.rs.core.HttpHeaders.LOCATION, "/api/v1/screenings/" + screening.id())
                .entity(screening);
        if (outcome.replayed()) {
            response.header(Idempotency.REPLAYED_HEADER, "true");
        }
        return response.build();
    }

    @GET
    @RolesAllowed({Roles.SCREENER, Roles.AUDITOR})
    @Operation(
            summary = "List screenings, newest first",
            description =
                    "An app sees the screenings it created; an auditor sees all. Filtered by verdict, requester id, recipient id and time range; paginated with an opaque cursor "
                            + "that stays correct while new screenings arrive. Pass nextCursor from a page as cursor to get the next.")
    @APIResponse(responseCode = "200", description = "A page of screenings.")
    @APIResponse(responseCode = "400", description = "A filter, the limit or the cursor is invalid.")
    public ScreeningPage list(
            @Parameter(description = "Only this verdict: ACCEPT, REVIEW or DECLINE.") @QueryParam("verdict")
                    String verdict,
            @Parameter(description = "Only screenings of this requester id.") @QueryParam("requesterId")
                    String requesterId,
            @Parameter(description = "Only screenings for this recipient id.") @QueryParam("recipientId")
                    String recipientId,
            @Parameter(description = "Only screenings at or after this time (ISO-8601, such as 2026-11-27T00:00:00Z).")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "Only screenings before this time (ISO-8601).") @QueryParam("to") String to,
            @Parameter(
                            description = "Screenings per page, 1 to " + MAX_PAGE_SIZE + "; default "
                                    + DEFAULT_PAGE_SIZE + ".")
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "nextCursor of the previous page.") @QueryParam("cursor") String cursor) {
        ScreeningStore.Filter filter = new ScreeningStore.Filter(
                onlyOfApp(),
                verdict(verdict),
                blankToNull(requesterId),
                blankToNull(recipientId),
                QueryParams.instant("from", from),
                QueryParams.instant("to", to));
        return screenings.list(
                filter,
                cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor),
                QueryParams.intBetween("limit", limit, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE));
    }

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    private static Verdict verdict(String verdict) {
        if (verdict == null || verdict.isBlank()) {
            return null;
        }
        try {
            return Verdict.valueOf(verdict.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(
                    "verdict must be ACCEPT, REVIEW or DECLINE.",
                    List.of(new FieldError("verdict", "must be ACCEPT, REVIEW or DECLINE")));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @POST
    @Path("/preview")
    @RolesAllowed({Roles.SCREENER, Roles.RULES_ADMIN})
    @Operation(
            summary = "Score a request without storing it",
            description =
                    "Returns the verdict, score and reasons the ruleset in force would give, exactly as a screening "
                            + "would show them, and stores nothing. With a draft ruleset in the body it also scores the request "
                            + "with the draft, side by side, so an operator can try a change before making it: drafts need the "
                            + "role rules-admin, and are held to the same cost budget as saved rules.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "draft",
                                            summary =
                                                    "The networker story against a draft that lifts the flattery penalty",
                                            value = Examples.PREVIEW_REQUEST)))
    @APIResponse(
            responseCode = "200",
            description = "The outcome under the ruleset in force, and under the draft if one was sent.",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PreviewView.class),
                            examples = @ExampleObject(name = "draft", value = Examples.PREVIEW_RESPONSE)))
    @APIResponse(responseCode = "400", description = "The request is invalid.")
    @APIResponse(responseCode = "403", description = "A draft was sent by a caller without the role rules-admin.")
    @APIResponse(
            responseCode = "422",
            description = "The draft ruleset does not compile, or a rule costs more than "
                    + "its budget; errors give line and column.")
    public PreviewView preview(@Valid @NotNull(message = "is required: send a JSON object") PreviewRequest preview) {
        if (preview.draft() != null && !caller.isRulesAdmin()) {
            throw Refusal.forbidden("Previewing a draft ruleset needs the role " + Roles.RULES_ADMIN + "; the role "
                    + Roles.SCREENER + " may preview the ruleset in force.");
        }
        return screenings.preview(preview, caller.appId());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SCREENER, Roles.AUDITOR})
    @Operation(
            summary = "Read one screening",
            description =
                    "The screening as it was answered, with its reasons and ruleset "
                            + "version. An app reads only the screenings it created (another app's is 404); an auditor reads any.")
    @APIResponse(
            responseCode = "200",
            description = "The screening.",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ScreeningView.class),
                            examples = @ExampleObject(name = "founder", value = Examples.FOUNDER_SCREENING)))
    @APIResponse(responseCode = "404", description = "No screening has this id.")
    public ScreeningView get(
            @Parameter(description = "The screening's id (a UUID).", example = "5d0e8a77-93c2-4f1b-8e25-7c1d2b6a9f40")
                    @PathParam("id")
                    String id) {
        UUID uuid = QueryParams.screeningId(id);
        return screenings
                .find(uuid, onlyOfApp())
                .orElseThrow(() -> Refusal.notFound("No screening has the id " + uuid + "."));
    }

    @DELETE
    @Path("/{id}/note")
    @RolesAllowed(Roles.AUDITOR)
    @Operation(
            summary = "Erase the note of one screening",
            description =
                    "Erases the note and headline texts now (an erasure request), as retention does after 90 days. "
                            + "The fingerprint, facts, score, verdict and reasons stay; explanations that quoted the texts are scrubbed.")
    @APIResponse(responseCode = "200", description = "Erased; the screening as it is now.")
    @APIResponse(responseCode = "404", description = "No screening has this id.")
    public ScreeningView eraseNote(@PathParam("id") String id) {
        UUID uuid = QueryParams.screeningId(id);
        return screenings.eraseNote(uuid).orElseThrow(() -> Refusal.notFound("No screening has the id " + uuid + "."));
    }
}
