package dev.bonafide.backtest;

import dev.bonafide.idempotency.Idempotency;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Backtests: replay a draft ruleset on stored screenings before switching it on. */
@Path("/api/v1/rulesets/backtest")
@Tag(
        name = "Backtests",
        description = "Replay a draft ruleset (or a stored version) on stored screenings, in the background: "
                + "how verdicts would change, which rules would fire, and how it agrees with feedback.")
@Produces(MediaType.APPLICATION_JSON)
@FairUse
public class BacktestResource {

    private static final String ID_EXAMPLE = "3f6b2c1e-8d4a-4f7e-9b1c-2a5d7e9f0c13";

    @Inject
    BacktestService backtests;

    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RULES_ADMIN)
    @Operation(
            summary = "Start a backtest",
            description = "Replays a draft (rules and thresholds, as preview takes them; thresholds default to the "
                    + "ruleset in force's) or a stored version on the screenings stored in a time window, of one app "
                    + "or all, optionally a random sample of them. Each screening is scored from the facts it saw, "
                    + "its history as it was then; one whose rules would need a fact it does not have stored "
                    + "(a note erased by retention, a fact newer than it) is counted, never guessed. The draft is "
                    + "checked as rule changes are (422 when it does not compile or is too costly). Answers at "
                    + "once with the backtest's Location; poll it with GET.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            schema = @Schema(implementation = BacktestRequest.class),
                            examples = {
                                @ExampleObject(
                                        name = "draft",
                                        summary = "Two rules alone, on a sample of the last month",
                                        value = BacktestExamples.DRAFT_REQUEST),
                                @ExampleObject(
                                        name = "version",
                                        summary = "Version 7 on one app's last 30 days",
                                        value = BacktestExamples.VERSION_REQUEST)
                            }))
    @APIResponse(
            responseCode = "202",
            description = "Started (or queued); Location is the backtest.",
            content =
                    @Content(
                            schema = @Schema(implementation = BacktestView.class),
                            examples = @ExampleObject(name = "queued", value = BacktestExamples.QUEUED)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON, neither or both of draft and version, an unknown version, from not before "
                    + "to, or a field out of range.")
    @APIResponse(
            responseCode = "422",
            description = "The draft does not compile, or a rule or the whole is too costly.")
    @APIResponse(
            responseCode = "503",
            description = "Too many backtests are running or waiting on this instance, no ruleset is in force, or the "
                    + "database cannot be reached; retry after the Retry-After seconds.")
    public Response startBacktest(
            @Valid @NotNull(message = "is required: send a JSON object") BacktestRequest request,
            @Parameter(
                            description = "Makes retries safe: a retry with the same key and body returns the "
                                    + "original backtest (with Idempotent-Replayed: true); the same key with another "
                                    + "body is 409. Keys expire after 24 hours.",
                            example = "0b9c6d2e-5a41-4c7e-8f13-6e2d9a7b1c40")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey) {
        Idempotency.Outcome<BacktestView> outcome = backtests.start(request, caller.author(), idempotencyKey);
        Response.ResponseBuilder response = Response.accepted(outcome.value())
                .header(
                        HttpHeaders.LOCATION,
                        "/api/v1/rulesets/backtest/" + outcome.value().id());
        if (outcome.replayed()) {
            response.header(Idempotency.REPLAYED_HEADER, "true");
        }
        return response.build();
    }

    @GET
    @RolesAllowed({Roles.RULES_ADMIN, Roles.AUDITOR})
    @Operation(
            summary = "List backtests, newest first",
            description = "Each as GET of one shows it, without its result (GET the backtest to read it).")
    @APIResponse(
            responseCode = "200",
            description = "The newest backtests.",
            content = @Content(schema = @Schema(implementation = BacktestView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "limit is out of range.")
    public List<BacktestView> listBacktests(
            @Parameter(description = "Backtests to list, 1 to 100; default 20.") @QueryParam("limit") String limit) {
        return backtests.list(QueryParams.intBetween("limit", limit, 20, 1, 100));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.RULES_ADMIN, Roles.AUDITOR})
    @Operation(
            summary = "Read a backtest",
            description = "Its state: QUEUED, RUNNING (with screenings processed of the total and an estimate of the "
                    + "seconds left), DONE (with the results), FAILED (with the reason) or CANCELLED.")
    @APIResponse(
            responseCode = "200",
            description = "The backtest.",
            content =
                    @Content(
                            schema = @Schema(implementation = BacktestView.class),
                            examples = {
                                @ExampleObject(name = "queued", value = BacktestExamples.QUEUED),
                                @ExampleObject(name = "running", value = BacktestExamples.RUNNING),
                                @ExampleObject(name = "done", value = BacktestExamples.DONE),
                                @ExampleObject(name = "failed", value = BacktestExamples.FAILED),
                                @ExampleObject(name = "cancelled", value = BacktestExamples.CANCELLED)
                            }))
    @APIResponse(responseCode = "404", description = "No backtest has this id.")
    public BacktestView readBacktest(
            @Parameter(description = "The backtest's id.", example = ID_EXAMPLE) @PathParam("id") String id) {
        UUID backtestId = id(id);
        return backtests.find(backtestId).orElseThrow(() -> BacktestService.notFound(backtestId));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.RULES_ADMIN)
    @Operation(
            summary = "Cancel a backtest",
            description = "A waiting backtest is cancelled at once (200); a running one stops within a second or so "
                    + "(202, with cancelRequested; GET shows CANCELLED once it has). Cancelling a cancelled backtest "
                    + "again changes nothing.")
    @APIResponse(
            responseCode = "200",
            description = "Cancelled.",
            content =
                    @Content(
                            schema = @Schema(implementation = BacktestView.class),
                            examples = @ExampleObject(name = "cancelled", value = BacktestExamples.CANCELLED)))
    @APIResponse(
            responseCode = "202",
            description = "Asked to stop; it stops within a second or so.",
            content = @Content(schema = @Schema(implementation = BacktestView.class)))
    @APIResponse(responseCode = "404", description = "No backtest has this id.")
    @APIResponse(responseCode = "409", description = "The backtest is already done or failed.")
    public Response cancelBacktest(
            @Parameter(description = "The backtest's id.", example = ID_EXAMPLE) @PathParam("id") String id) {
        BacktestView view = backtests.cancel(id(id));
        return (view.state() == BacktestState.CANCELLED ? Response.ok(view) : Response.accepted(view)).build();
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Refusal.notFound("'" + QueryParams.abbreviate(id) + "' is not a backtest id; ids are UUIDs.");
        }
    }
}
