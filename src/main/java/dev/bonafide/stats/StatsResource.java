package dev.bonafide.stats;

import dev.bonafide.refusal.FieldError;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.security.Caller;
import dev.bonafide.security.FairUse;
import dev.bonafide.security.Roles;
import dev.bonafide.web.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Verdicts over time, and how each rule performs against feedback. */
@Path("/api/v1/stats")
@Tag(name = "Statistics", description = "Verdicts over time, per-rule hits and precision against feedback.")
@Produces(MediaType.APPLICATION_JSON)
@FairUse
public class StatsResource {

    /** The window when none is given: the last 30 days. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    @Inject
    StatsService stats;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @GET
    @RolesAllowed({Roles.SCREENER, Roles.AUDITOR, Roles.RULES_ADMIN})
    @Operation(
            summary = "Statistics of screenings and feedback",
            description = "Screenings by verdict per hour or day; for each verdict the outcomes recipients reported; "
                    + "for each rule of each ruleset version that scored screenings in the window: how often it fired, "
                    + "the outcomes when it fired and when it did not, and its precision with the labels it rests "
                    + "on. An app sees its own numbers; auditors and rules-admins see all apps and may choose one. "
                    + "Counts are kept as screenings and feedback are stored, so the answer costs the same at "
                    + "any number of screenings.")
    @APIResponse(
            responseCode = "200",
            description = "The statistics of the window (rounded out to whole buckets).",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = StatsView.class),
                            examples = @ExampleObject(name = "a day", value = StatsExamples.DAY)))
    @APIResponse(
            responseCode = "400",
            description = "from, to or bucket is invalid, or the window is too long for the bucket (31 days by "
                    + "hour, 366 by day).")
    @APIResponse(responseCode = "403", description = "An app asked for another app's numbers.")
    public StatsView stats(
            @Parameter(description = "Start (ISO-8601); default 30 days before to.", example = "2026-12-01T00:00:00Z")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "End, exclusive (ISO-8601); default now.", example = "2026-12-02T00:00:00Z")
                    @QueryParam("to")
                    String to,
            @Parameter(description = "HOUR or DAY (UTC); default DAY.", example = "HOUR") @QueryParam("bucket")
                    String bucket,
            @Parameter(description = "Only this app (auditors and rules-admins; an app always sees its own).")
                    @QueryParam("appId")
                    String appId) {
        Instant end = to == null || to.isBlank() ? clock.instant() : QueryParams.instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_WINDOW) : QueryParams.instant("from", from);
        StatsService.Bucket size = bucket(bucket);
        return stats.stats(StatsService.window(start, end, size, app(appId)), size);
    }

    /** Apps see their own numbers; auditors and rules-admins any app's, or all. */
    private String app(String requested) {
        String wanted = requested == null || requested.isBlank() ? null : requested;
        if (caller.isAuditor() || caller.isRulesAdmin()) {
            return wanted;
        }
        if (wanted != null && !wanted.equals(caller.appId())) {
            throw Refusal.forbidden("An app sees only its own statistics; auditors and rules-admins see any app's.");
        }
        return caller.appId();
    }

    private static StatsService.Bucket bucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            return StatsService.Bucket.DAY;
        }
        try {
            return StatsService.Bucket.valueOf(bucket.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(
                    "bucket must be HOUR or DAY.", List.of(new FieldError("bucket", "must be HOUR or DAY")));
        }
    }
}
