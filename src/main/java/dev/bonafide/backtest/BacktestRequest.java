package dev.bonafide.backtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bonafide.screening.PreviewRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What to replay (a draft, or a stored version) and on which stored screenings. */
@Schema(name = "BacktestRequest")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BacktestRequest(
        @Schema(description = "A draft ruleset to replay, as preview takes it. Give this or version.") @Valid
        PreviewRequest.Draft draft,

        @Schema(description = "A stored ruleset version to replay instead of a draft.", example = "7")
        @Positive(message = "must be a ruleset version (1 or more)")
        Long version,

        @Schema(
                description = "Replay screenings created at or after this time; default 30 days before `to`.",
                example = "2026-11-07T00:00:00Z")
        Instant from,

        @Schema(
                description = "Replay screenings created before this time; default now.",
                example = "2026-12-07T00:00:00Z")
        Instant to,

        @Schema(description = "Only this app's screenings; default every app's.", example = "acme-social")
        @Size(max = 128, message = "must be at most 128 characters")
        @Pattern(regexp = "[^\\x00-\\x20\\x7F\\p{Cs}]+", message = "must be printable characters without spaces")
        String appId,

        @Schema(
                description = "Replay about this many screenings, a random sample of the window's (1 to " + MAX_SAMPLE
                        + "); default all of them.",
                example = "10000")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = MAX_SAMPLE, message = "must be at most " + MAX_SAMPLE)
        Integer sampleSize) {

    /** The largest sample a backtest takes. */
    public static final int MAX_SAMPLE = 1_000_000;
}
