package dev.bonafide.screening;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.Verdict;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a request would get, with the ruleset in force and, when one was sent, with a draft. */
@Schema(name = "Preview")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreviewView(
        @Schema(description = "The outcome under the ruleset in force.")
        Outcome inForce,

        @Schema(description = "The outcome under the draft ruleset, when one was sent.")
        Outcome draft) {

    /** A verdict with its score and reasons, as a stored screening would show them. */
    @Schema(name = "PreviewOutcome")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(
            @Schema(description = "The version that scored it; absent for a draft.")
            Long rulesetVersion,

            Verdict verdict,
            int score,
            List<ScreeningView.ReasonView> reasons,

            @Schema(
                    description = "Rules that failed to run (an error, or more than their cost budget) and were "
                            + "treated as not fired; absent when every rule ran.",
                    example = "[\"scan-words\"]")
            List<String> failedRules) {

        static Outcome of(Assessment assessment, boolean draft) {
            return new Outcome(
                    draft ? null : assessment.rulesetVersion(),
                    assessment.verdict(),
                    assessment.score(),
                    assessment.reasons().stream()
                            .map(r -> new ScreeningView.ReasonView(r.ruleId(), r.points(), r.explanation(), r.action()))
                            .toList(),
                    assessment.failedRules().isEmpty() ? null : assessment.failedRules());
        }
    }
}
