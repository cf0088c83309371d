package dev.bonafide.rules;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One line of the ruleset history. */
@Schema(name = "RulesetSummary", description = "One version in the ruleset history.")
public record RulesetSummary(
        @Schema(example = "3") long version,
        Instant createdAt,
        @Schema(example = "ops-alice") String author,
        @Schema(example = "changed rule large-network") String change,
        String comment,
        @Schema(example = "65") int acceptThreshold,
        @Schema(example = "35") int declineThreshold) {

    static RulesetSummary from(RulesetVersion v) {
        return new RulesetSummary(
                v.version,
                v.createdAt,
                v.author,
                v.changeSummary,
                v.changeComment,
                v.acceptThreshold,
                v.declineThreshold);
    }
}
