package dev.bonafide.rules;

import dev.bonafide.engine.RuleProblem;
import dev.bonafide.engine.RulesetCompiler;
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
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The rules in force: read, add, change, delete, check. Every change makes a new ruleset version. */
@Path("/api/v1")
@Tag(
        name = "Rules",
        description = "Edit the ruleset in force. Each change makes a new immutable version and needs "
                + "If-Match with the version it is based on (the ETag of GET /api/v1/rules). Facts, scoring and limits: "
                + "docs/rules.md in the repository.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@FairUse
public class RulesResource {

    @Inject
    RulesetStore store;

    @Inject
    ActiveRuleset active;

    @Inject
    RulesetCompiler compiler;

    @Inject
    Idempotency idempotency;

    @Inject
    Caller caller;

    @GET
    @Path("/rules")
    @RolesAllowed({Roles.RULES_ADMIN, Roles.AUDITOR})
    @Operation(
            summary = "Read the ruleset in force",
            description =
                    "The rules and thresholds of the highest version. The ETag is the version; send it back as If-Match to change the rules.")
    @APIResponse(
            responseCode = "200",
            description = "The ruleset in force.",
            content = @Content(schema = @Schema(implementation = RulesetView.class)))
    @APIResponse(responseCode = "503", description = "No ruleset is stored yet, or the database cannot be reached.")
    public Response inForce() {
        RulesetStore.StoredRuleset latest = latest();
        return Response.ok(latest.view()).tag(etagValue(latest.row().version)).build();
    }

    @GET
    @Path("/rules/{id}")
    @RolesAllowed({Roles.RULES_ADMIN, Roles.AUDITOR})
    @Operation(summary = "Read one rule of the ruleset in force")
    @APIResponse(
            responseCode = "200",
            description = "The rule.",
            content =
                    @Content(
                            schema = @Schema(implementation = RuleView.class),
                            examples = @ExampleObject(name = "rule", value = RulesExamples.RULE)))
    @APIResponse(responseCode = "404", description = "No rule has this id.")
    public Response rule(@PathParam("id") String id) {
        RulesetStore.StoredRuleset latest = latest();
        int index = RuleChanges.find(latest.ruleset(), id);
        if (index < 0) {
            throw Refusal.notFound(
                    "No rule has the id '" + QueryParams.abbreviate(id) + "' in version " + latest.row().version + ".");
        }
        return Response.ok(RuleView.from(latest.ruleset().rules().get(index)))
                .tag(etagValue(latest.row().version))
                .build();
    }

    @POST
    @Path("/rules")
    @RolesAllowed(Roles.RULES_ADMIN)
    @Operation(
            summary = "Add a rule",
            description = "Adds a rule at the end of the ruleset in force and makes a new version. "
                    + "The rule must compile; the ruleset in force is never replaced by one that does not.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            examples = {
                                @ExampleObject(name = "rule", value = RulesExamples.RULE),
                                @ExampleObject(
                                        name = "broken",
                                        summary = "A rule that does not compile (422)",
                                        value = RulesExamples.BROKEN_RULE)
                            }))
    @APIResponse(
            responseCode = "201",
            description = "Added; the body is the new version, the ETag its number.",
            content = @Content(schema = @Schema(implementation = RulesetView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or a missing field.")
    @APIResponse(responseCode = "409", description = "A rule with this id exists.")
    @APIResponse(
            responseCode = "422",
            description = "The rule does not compile or a field is out of range; errors give line and column.")
    public Response add(
            @Valid @NotNull(message = "is required: send a rule") RuleView rule,
            @BeanParam ChangeHeaders headers,
            UriInfo uri) {
        ChangeContext context = headers.context(caller.author());
        URI location =
                uri.getBaseUriBuilder().path("api/v1/rules").path(rule.id()).build();
        return respond(
                Response.created(location),
                apply("POST /api/v1/rules", headers.idempotencyKey(), context, rule, RuleChanges.add(rule), 201));
    }

    @PUT
    @Path("/rules/{id}")
    @RolesAllowed(Roles.RULES_ADMIN)
    @Operation(
            summary = "Change a rule",
            description =
                    "Replaces the rule with this id (enable or disable it with `enabled`) and makes a new version.")
    @RequestBody(
            required = true,
            content = @Content(examples = @ExampleObject(name = "rule", value = RulesExamples.RULE)))
    @APIResponse(
            responseCode = "200",
            description = "Changed; the body is the new version, the ETag its number.",
            content = @Content(schema = @Schema(implementation = RulesetView.class)))
    @APIResponse(responseCode = "404", description = "No rule has this id.")
    @APIResponse(responseCode = "422", description = "The rule does not compile or a field is out of range.")
    public Response replace(
            @PathParam("id") String id,
            @Valid @NotNull(message = "is required: send a rule") RuleView rule,
            @BeanParam ChangeHeaders headers) {
        if (rule.id() != null && !rule.id().equals(id)) {
            throw Refusal.invalid(
                    "The body's id '" + QueryParams.abbreviate(rule.id()) + "' differs from the path's '"
                            + QueryParams.abbreviate(id) + "'; rename a rule by deleting it and adding the new one.",
                    java.util.List.of(new FieldError("id", "must match the id in the path")));
        }
        ChangeContext context = headers.context(caller.author());
        return respond(
                Response.ok(),
                apply(
                        "PUT /api/v1/rules/" + id,
                        headers.idempotencyKey(),
                        context,
                        rule,
                        RuleChanges.replace(id, rule),
                        200));
    }

    @DELETE
    @Path("/rules/{id}")
    @RolesAllowed(Roles.RULES_ADMIN)
    @Operation(
            summary = "Delete a rule",
            description = "Removes the rule with this id and makes a new version. Earlier versions keep it.")
    @APIResponse(
            responseCode = "200",
            description = "Deleted; the body is the new version, the ETag its number.",
            content = @Content(schema = @Schema(implementation = RulesetView.class)))
    @APIResponse(responseCode = "404", description = "No rule has this id.")
    public Response delete(@PathParam("id") String id, @BeanParam ChangeHeaders headers) {
        ChangeContext context = headers.context(caller.author());
        return respond(
                Response.ok(),
                apply(
                        "DELETE /api/v1/rules/" + id,
                        headers.idempotencyKey(),
                        context,
                        "",
                        RuleChanges.delete(id),
                        200));
    }

    @PUT
    @Path("/thresholds")
    @RolesAllowed(Roles.RULES_ADMIN)
    @Operation(
            summary = "Change the verdict thresholds",
            description =
                    "ACCEPT at or above acceptThreshold, DECLINE below declineThreshold, REVIEW between. Makes a new version.")
    @APIResponse(
            responseCode = "200",
            description = "Changed; the body is the new version, the ETag its number.",
            content = @Content(schema = @Schema(implementation = RulesetView.class)))
    @APIResponse(responseCode = "400", description = "A threshold is missing or out of 0..100.")
    @APIResponse(responseCode = "422", description = "declineThreshold is above acceptThreshold.")
    public Response thresholds(
            @Valid @NotNull(message = "is required: send both thresholds") Thresholds thresholds,
            @BeanParam ChangeHeaders headers) {
        ChangeContext context = headers.context(caller.author());
        return respond(
                Response.ok(),
                apply(
                        "PUT /api/v1/thresholds",
                        headers.idempotencyKey(),
                        context,
                        thresholds,
                        RuleChanges.thresholds(thresholds),
                        200));
    }

    @POST
    @Path("/rules/validate")
    @RolesAllowed(Roles.RULES_ADMIN)
    @Operation(
            summary = "Check a rule without saving it",
            description =
                    "Compiles the rule against the facts and reports every problem, with line and column for CEL errors. Saves nothing.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            examples = {
                                @ExampleObject(name = "rule", value = RulesExamples.RULE),
                                @ExampleObject(name = "broken", value = RulesExamples.BROKEN_RULE)
                            }))
    @APIResponse(
            responseCode = "200",
            description = "The outcome: valid, or the problems.",
            content =
                    @Content(
                            schema = @Schema(implementation = RuleCheck.class),
                            examples = @ExampleObject(name = "unknown fact", value = RulesExamples.CHECK_FAILED)))
    public RuleCheck validate(@NotNull(message = "is required: send a rule") RuleView rule) {
        java.util.List<FieldError> errors = compiler.check(rule.toRule()).stream()
                .map(RulesResource::fieldError)
                .toList();
        if (rule.points() == null) {
            errors = java.util.stream.Stream.concat(
                            errors.stream(), java.util.stream.Stream.of(new FieldError("points", "is required")))
                    .toList();
        }
        return new RuleCheck(errors.isEmpty(), errors);
    }

    /**
     * The highest stored version. Right after start-up the default ruleset may still be being
     * stored (on an empty database) and compiled; this waits for that first check, as a screening does.
     */
    private RulesetStore.StoredRuleset latest() {
        active.current();
        return store.latest().orElseThrow(Refusal::noRuleset);
    }

    /** What a change request is, for recognising its retries: the base version and the body. */
    private record ChangeRequest(long baseVersion, Object body) {}

    /** Applies a change once per Idempotency-Key and puts the new version in force here at once. */
    private Idempotency.Outcome<RulesetStore.StoredRuleset> apply(
            String scope,
            String idempotencyKey,
            ChangeContext context,
            Object body,
            RulesetStore.Change change,
            int status) {
        active.current(); // a change made right after start-up is based on the seeded version
        return idempotency.run(
                scope + " by " + caller.appId(),
                idempotencyKey,
                new ChangeRequest(context.baseVersion(), body),
                claim -> {
                    RulesetStore.Committed committed = store.change(
                            context.baseVersion(), change, context.author(), context.comment(), claim, status);
                    active.install(committed.compiled());
                    return committed.stored();
                },
                stored -> store.load(Long.parseLong(stored.resourceId()))
                        .orElseThrow(() -> new IllegalStateException(
                                "Ruleset version " + stored.resourceId() + " of a stored idempotency key is missing")));
    }

    private static Response respond(
            Response.ResponseBuilder builder, Idempotency.Outcome<RulesetStore.StoredRuleset> outcome) {
        builder.entity(outcome.value().view()).tag(etagValue(outcome.value().row().version));
        if (outcome.replayed()) {
            builder.header(Idempotency.REPLAYED_HEADER, "true");
        }
        return builder.build();
    }

    private static FieldError fieldError(RuleProblem p) {
        return new FieldError(
                p.field(), p.message(), p.line() > 0 ? p.line() : null, p.column() > 0 ? p.column() : null);
    }

    private static jakarta.ws.rs.core.EntityTag etagValue(long version) {
        return new jakarta.ws.rs.core.EntityTag(Long.toString(version));
    }
}
