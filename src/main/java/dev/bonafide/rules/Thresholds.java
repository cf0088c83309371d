package dev.bonafide.rules;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The verdict thresholds of a ruleset. */
@Schema(name = "Thresholds")
public record Thresholds(
        @Schema(description = "Score at or above which the verdict is ACCEPT.", example = "65")
        @NotNull(message = "is required")
        @Min(value = 0, message = "must be between 0 and 100")
        @Max(value = 100, message = "must be between 0 and 100")
        Integer acceptThreshold,

        @Schema(description = "Score below which the verdict is DECLINE; not above acceptThreshold.", example = "35")
        @NotNull(message = "is required")
        @Min(value = 0, message = "must be between 0 and 100")
        @Max(value = 100, message = "must be between 0 and 100")
        Integer declineThreshold) {}
