package dev.bonafide.backtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which labelled screenings to fit the points to, and how far points may move on little evidence. */
@Schema(name = "SuggestionRequest")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuggestionRequest(
        @Schema(
                description = "Fit to screenings created at or after this time; default 30 days before `to`.",
                example = "2026-11-07T00:00:00Z")
        Instant from,

        @Schema(
                description = "Fit to screenings created before this time; default now.",
                example = "2026-12-07T00:00:00Z")
        Instant to,

        @Schema(description = "Only this app's screenings; default every app's.", example = "acme-social")
        @Size(max = 128, message = "must be at most 128 characters")
        @Pattern(regexp = "[^\\x00-\\x20\\x7F\\p{Cs}]+", message = "must be printable characters without spaces")
        String appId,

        @Schema(
                description = "How far, in points, a rule's points may move on little evidence (the prior's"
                        + " standard deviation, centred on the points in force): small keeps the points close to"
                        + " what they are; default " + DEFAULT_SPREAD + ".",
                example = "10")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 100, message = "must be at most 100")
        Integer spread) {

    public static final int DEFAULT_SPREAD = 10;
}
