package dev.bonafide.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Verdict;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A rule as operators read and write it. The engine validates it fully (see docs/rules.md). */
@Schema(name = "Rule", description = "A named CEL condition with its points and explanation. See docs/rules.md.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleView(
        @Schema(
                description = "A slug: lower-case letters, digits and single hyphens, at most 64 characters.",
                example = "large-network")
        @NotBlank(message = "is required")
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "must not contain control characters")
        String id,

        @Schema(
                description = "What the rule looks for, for operators.",
                example = "The requester has over a thousand connections.")
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "must not contain control characters")
        String description,

        @Schema(
                description = "A CEL boolean expression over the request's facts (docs/rules.md lists them).",
                example = "requesterNetworkSize >= 1000")
        @NotBlank(message = "is required")
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "must not contain control characters")
        String when,

        @Schema(description = "Points added to the score when the rule fires, -100 to 100.", example = "-5")
        @NotNull(message = "is required")
        Integer points,

        @Schema(
                description =
                        "What a person reads when the rule fires; {fact} placeholders show the request's numbers.",
                example = "The requester has {requesterNetworkSize} connections, more than a thousand.")
        @NotBlank(message = "is required")
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "must not contain control characters")
        String explanation,

        @Schema(
                description =
                        "ACCEPT or DECLINE to override the thresholds when the rule fires (DECLINE beats ACCEPT).")
        Verdict action,

        @Schema(description = "Whether the rule is evaluated; default true.", defaultValue = "true")
        Boolean enabled) {

    /** Line breaks and tabs are fine in an expression; other control characters (NUL included) are not. */
    static final String NO_CONTROL_CHARACTERS = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*";

    public static RuleView from(Rule rule) {
        return new RuleView(
                rule.id(),
                rule.description(),
                rule.when(),
                rule.points(),
                rule.explanation(),
                rule.action(),
                rule.enabled());
    }

    public Rule toRule() {
        return new Rule(
                id, description, when, points == null ? 0 : points, explanation, action, enabled == null || enabled);
    }

    /** The same rule under another id (the id in the path wins over the body's). */
    RuleView withId(String newId) {
        return new RuleView(newId, description, when, points, explanation, action, enabled);
    }
}
