package dev.bonafide.backtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A backtest as the API shows it: what it replays, where it is, and its results when done. */
@Schema(name = "Backtest")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BacktestView(
        UUID id,
        BacktestState state,
        Instant createdAt,

        @Schema(description = "Who started it (the token's subject).")
        String requestedBy,

        Replays replays,
        Traffic traffic,
        Progress progress,
        Instant startedAt,
        Instant finishedAt,

        @Schema(description = "Present (true) once a cancel was asked for and the backtest has not yet stopped.")
        Boolean cancelRequested,

        @Schema(description = "Why it failed, when it did.") String failure,

        @Schema(description = "The results, once it is DONE.")
        BacktestResult result) {

    /** This backtest without its results, as a list shows it. */
    public BacktestView withoutResult() {
        return new BacktestView(
                id,
                state,
                createdAt,
                requestedBy,
                replays,
                traffic,
                progress,
                startedAt,
                finishedAt,
                cancelRequested,
                failure,
                null);
    }

    /** What is replayed. */
    @Schema(name = "BacktestReplays")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Replays(
            @Schema(description = "The stored version replayed; absent for a draft.")
            Long version,

            @Schema(description = "Rules in the replayed ruleset.")
            int rules,

            int acceptThreshold,
            int declineThreshold) {}

    /** The stored screenings replayed. */
    @Schema(name = "BacktestTraffic")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Traffic(
            Instant from,
            Instant to,

            @Schema(description = "The one app replayed; absent for all.")
            String appId,

            @Schema(description = "The sample asked for; absent for all the window's screenings.")
            Integer sampleSize) {}

    /** How far it is. */
    @Schema(name = "BacktestProgress")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(
            @Schema(description = "Screenings of the window read so far.")
            long processed,

            @Schema(description = "Screenings in the window; absent until counted.")
            Long total,

            @Schema(description = "processed of total, 0 to 100.")
            Integer percent,

            @Schema(description = "An estimate of the seconds left while it runs, from its pace so far.")
            Long secondsLeft) {}
}
