package dev.bonafide.backtest;

import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.security.Caller;
import dev.bonafide.security.FairUse;
import dev.bonafide.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Suggested points: the rules in force fitted to the feedback, as a draft. */
@Path("/api/v1/rulesets/suggestions")
@Tag(name = "Backtests")
@Produces(MediaType.APPLICATION_JSON)
@FairUse
public class SuggestionResource {

    @Inject
    SuggestionService suggestions;

    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RULES_ADMIN)
    @Operation(
            summary = "Suggest points fitted to the feedback",
            description = "Fits the points of the rules in force to the screenings of a window that were REPORTED"
                    + " or ACCEPTED (a regularised logistic regression on which rules fired, on the score's scale;"
                    + " each rule's points are held near what they are unless many labels say otherwise). Answers"
                    + " the changes with their reasons, the draft (the ruleset in force with the new points), the"
                    + " fifth of the labels held out of the fit scored both ways, and a backtest of the draft on the"
                    + " whole window, started now. Nothing is applied: preview the draft, read the backtest, then"
                    + " change each rule with PUT /api/v1/rules/{id} and If-Match. Reads at most 200,000 labelled"
                    + " screenings.")
    @RequestBody(
            content =
                    @Content(
                            schema = @Schema(implementation = SuggestionRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "one app's month",
                                            value = "{\"appId\": \"acme-social\", \"from\": \"2026-11-07T00:00:00Z\","
                                                    + " \"to\": \"2026-12-07T00:00:00Z\", \"spread\": 10}")))
    @APIResponse(
            responseCode = "200",
            description = "The suggestion; Location is the backtest of its draft.",
            content =
                    @Content(
                            schema = @Schema(implementation = Suggestion.class),
                            examples = @ExampleObject(name = "suggestion", value = BacktestExamples.SUGGESTION)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, from not before to, or a field out of range.")
    @APIResponse(
            responseCode = "503",
            description = "Another suggestion is being fitted on this instance, no ruleset is in force, or the"
                    + " database cannot be reached; retry after Retry-After. (With too many backtests waiting, the"
                    + " suggestion is answered without one.)")
    public Response suggestPoints(
            @Valid SuggestionRequest request,
            @Parameter(
                            description = "Makes retries safe: a retry with the same key starts no second backtest"
                                    + " while the draft is the same (Idempotent-Replayed: true); if new feedback"
                                    + " changed the draft meanwhile, 409: use a new key.",
                            example = "6f1d2b9e-0c4a-4e3b-9a57-1d8e2c4b7f60")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey) {
        Idempotency.Outcome<Suggestion> outcome = suggestions.suggest(
                request == null ? new SuggestionRequest(null, null, null, null) : request,
                caller.author(),
                idempotencyKey);
        Response.ResponseBuilder response = Response.ok(outcome.value());
        if (outcome.value().backtest() != null) {
            response.header(
                    HttpHeaders.LOCATION,
                    "/api/v1/rulesets/backtest/" + outcome.value().backtest().id());
        }
        if (outcome.replayed()) {
            response.header(Idempotency.REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
