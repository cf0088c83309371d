package dev.bonafide.rules;

import dev.bonafide.refusal.FieldError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome of checking a rule without saving it. */
@Schema(name = "RuleCheck")
public record RuleCheck(
        @Schema(description = "Whether the rule compiles and every field is valid.")
        boolean valid,

        @Schema(description = "Each problem, with line and column for errors in `when`.")
        List<FieldError> errors) {}
