package dev.bonafide.rules;

import dev.bonafide.engine.Ruleset;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A whole ruleset version with who made it, when and why. */
@Schema(name = "Ruleset", description = "One immutable version of the rules and thresholds.")
public record RulesetView(
        @Schema(description = "The version; the highest is in force.", example = "3")
        long version,

        @Schema(description = "When this version was made (UTC).")
        Instant createdAt,

        @Schema(description = "Who made it.", example = "ops-alice")
        String author,

        @Schema(description = "What changed from the version before.", example = "changed rule large-network")
        String change,

        @Schema(description = "The author's comment, if any.", example = "Fewer false declines for busy recruiters")
        String comment,

        @Schema(description = "Score at or above which the verdict is ACCEPT.", example = "65")
        int acceptThreshold,

        @Schema(description = "Score below which the verdict is DECLINE.", example = "35")
        int declineThreshold,

        @Schema(description = "The rules, in evaluation order.")
        List<RuleView> rules) {

    static RulesetView from(RulesetVersion stored, Ruleset ruleset) {
        return new RulesetView(
                stored.version,
                stored.createdAt,
                stored.author,
                stored.changeSummary,
                stored.changeComment,
                ruleset.acceptThreshold(),
                ruleset.declineThreshold(),
                ruleset.rules().stream().map(RuleView::from).toList());
    }
}
