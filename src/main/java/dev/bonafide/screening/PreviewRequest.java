package dev.bonafide.screening;

import dev.bonafide.rules.RuleView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A request to score without storing, optionally against a draft ruleset. */
@Schema(name = "PreviewRequest")
public record PreviewRequest(
        @Schema(description = "The connection request to score.") @Valid @NotNull(message = "is required")
        ScreeningRequest request,

        @Schema(
                description =
                        "A draft ruleset to score it with, beside the ruleset in force. Omit to use only the ruleset in force.")
        @Valid
        Draft draft) {

    /** A ruleset that is not stored. Thresholds default to the ruleset in force's. */
    @Schema(name = "DraftRuleset")
    public record Draft(
            @Schema(example = "65") Integer acceptThreshold,
            @Schema(example = "35") Integer declineThreshold,

            @NotNull(message = "is required") @Size(max = 200, message = "at most 200 rules")
            List<@Valid @NotNull(message = "must not be null") RuleView> rules) {}
}
