package dev.bonafide.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bonafide.engine.Verdict;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Verdicts over time, each verdict's outcomes, and each rule's hits and precision. */
@Schema(name = "Stats", description = "Statistics of the screenings made in a window, and of their feedback.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatsView(
        @Schema(description = "Start of the window (inclusive), rounded down to the bucket.")
        Instant from,

        @Schema(description = "End of the window (exclusive), rounded up to the bucket.")
        Instant to,

        @Schema(description = "HOUR or DAY (UTC days).") String bucket,

        @Schema(description = "The app counted; absent when all apps are.")
        String appId,

        @Schema(description = "Screenings in the window.") long screenings,

        @Schema(description = "Screenings in the window by verdict.")
        VerdictCounts byVerdict,

        @Schema(description = "Screenings by verdict in each bucket, every bucket of the window in order.")
        List<Bucket> buckets,

        @Schema(description = "For each verdict, what recipients did (feedback in force).")
        List<VerdictOutcomes> verdicts,

        @Schema(description = "Each rule of each ruleset version that scored screenings in the window, newest first.")
        List<RuleStats> rules,

        @Schema(description = "Versions that scored screenings in the window but are left out of rules (the oldest).")
        int versionsLeftOut) {

    @Schema(name = "VerdictCounts")
    public record VerdictCounts(long ACCEPT, long REVIEW, long DECLINE) {}

    @Schema(name = "StatsBucket")
    public record Bucket(
            @Schema(description = "Start of the bucket.") Instant start, long total, VerdictCounts byVerdict) {}

    /** Outcomes by kind; labels are the ones that are evidence (ACCEPTED and REPORTED). */
    @Schema(name = "Outcomes")
    public record Outcomes(long ACCEPTED, long IGNORED, long REPORTED) {
        @Schema(description = "ACCEPTED plus REPORTED: the outcomes that are evidence either way.")
        @com.fasterxml.jackson.annotation.JsonProperty("labels")
        public long labels() {
            return ACCEPTED + REPORTED;
        }
    }

    @Schema(name = "VerdictOutcomes")
    public record VerdictOutcomes(
            Verdict verdict,

            @Schema(description = "Screenings with this verdict in the window.")
            long screenings,

            @Schema(description = "Their outcomes, where feedback was sent.")
            Outcomes outcomes) {}

    @Schema(name = "RuleStats")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleStats(
            String ruleId,

            @Schema(description = "The ruleset version the numbers are of.")
            long rulesetVersion,

            @Schema(description = "The rule's points in that version.")
            int points,

            @Schema(description = "The verdict the rule forces, when it has one.")
            Verdict action,

            @Schema(description = "Screenings of that version in the window in which the rule fired.")
            long fired,

            @Schema(description = "fired divided by the version's screenings in the window, 0 to 1.")
            double firedShare,

            @Schema(description = "Outcomes of the screenings in which it fired.")
            Outcomes whenFired,

            @Schema(description = "Outcomes of the version's other screenings.")
            Outcomes whenNotFired,

            @Schema(
                    description = "For a rule that lowers the score (or forces DECLINE): REPORTED / (REPORTED + "
                            + "ACCEPTED) when it fired; for one that raises it (or forces ACCEPT): ACCEPTED / "
                            + "(REPORTED + ACCEPTED). Absent without labels, or for a rule of 0 points and no action.")
            Double precision,

            @Schema(description = "The labels (ACCEPTED + REPORTED, when it fired) the precision rests on.")
            long labels) {}
}
