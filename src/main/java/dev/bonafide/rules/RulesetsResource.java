package dev.bonafide.rules;

import dev.bonafide.refusal.Refusal;
import dev.bonafide.security.FairUse;
import dev.bonafide.security.Roles;
import dev.bonafide.web.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The history of ruleset versions. */
@Path("/api/v1/rulesets")
@Tag(name = "Rulesets", description = "Every version of the rules, who made it, when and why.")
@Produces(MediaType.APPLICATION_JSON)
@FairUse
@RolesAllowed({Roles.RULES_ADMIN, Roles.AUDITOR})
public class RulesetsResource {

    /** One page of history. */
    @Schema(name = "RulesetHistory")
    public record History(
            List<RulesetSummary> versions,

            @Schema(description = "Pass as `before` for the next (older) page; absent on the last page.")
            Long nextBefore) {}

    @Inject
    RulesetStore store;

    @GET
    @Operation(summary = "List ruleset versions, newest first")
    @APIResponse(responseCode = "200", description = "A page of versions.")
    @APIResponse(responseCode = "400", description = "limit or before is out of range.")
    public History history(
            @Parameter(description = "Versions per page, 1 to 200; default 50.") @QueryParam("limit") String limitParam,
            @Parameter(description = "Only versions below this one (the nextBefore of the previous page).")
                    @QueryParam("before")
                    String beforeParam) {
        int limit = QueryParams.intBetween("limit", limitParam, 50, 1, 200);
        Long before = QueryParams.positiveLong("before", beforeParam);
        List<RulesetSummary> page = store.history(before, limit + 1);
        boolean more = page.size() > limit;
        List<RulesetSummary> versions = more ? page.subList(0, limit) : page;
        return new History(versions, more ? versions.get(versions.size() - 1).version() : null);
    }

    @GET
    @Path("/{version}")
    @Operation(summary = "Read one ruleset version")
    @APIResponse(responseCode = "200", description = "The version with its rules.")
    @APIResponse(responseCode = "404", description = "No such version.")
    public RulesetView version(@PathParam("version") String version) {
        long number;
        try {
            number = Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw Refusal.notFound(
                    "'" + QueryParams.abbreviate(version) + "' is not a ruleset version; versions are whole numbers.");
        }
        return store.load(number)
                .map(RulesetStore.StoredRuleset::view)
                .orElseThrow(() -> Refusal.notFound("No ruleset has the version " + number + "."));
    }
}
