package dev.bonafide.backtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bonafide.screening.PreviewRequest;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Points fitted to the labelled screenings: a draft to preview, backtest and apply, never applied
 * by itself.
 */
@Schema(name = "Suggestion")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Suggestion(
        @Schema(description = "The ruleset version in force, whose points were fitted.", example = "7")
        long basedOnVersion,

        @Schema(description = "The window fitted to: from (inclusive).")
        Instant from,

        @Schema(description = "The window fitted to: to (exclusive).")
        Instant to,

        Labels labels,

        @Schema(
                description = "Points per unit of log-odds: the scale on which the score reads as odds (the accept"
                        + " threshold stands for 9 to 1 genuine, the decline threshold 9 to 1 inauthentic).",
                example = "6.83")
        double pointsPerLogOdds,

        @Schema(description = "The prior's spread in points (the request's, or the default).", example = "10")
        int spread,

        @Schema(description = "The rules whose points the fit moved by a point or more, largest change first.")
        List<Change> changes,

        @Schema(
                description = "The ruleset in force with the suggested points, as preview and backtest take it;"
                        + " apply a change with PUT /api/v1/rules/{id} and If-Match.")
        PreviewRequest.Draft draft,

        @Schema(
                description = "The labelled screenings held out of the fit (a fifth, by id), scored with the points"
                        + " in force and with the draft's.")
        HeldOut heldOut,

        @Schema(
                description = "The backtest of the draft on every screening of the window, started now; follow its"
                        + " Location.")
        BacktestView backtest,

        @Schema(description = "Why no backtest was started (too many waiting); start one with the draft.")
        String backtestNotStarted) {

    /** The labels the fit rests on. */
    @Schema(name = "SuggestionLabels")
    public record Labels(
            @Schema(description = "REPORTED screenings in the window.", example = "412")
            long reported,

            @Schema(description = "ACCEPTED screenings in the window.", example = "1380")
            long accepted,

            @Schema(description = "Of them, the ones the fit read (four fifths, by id).", example = "1433")
            long fittedOn,

            @Schema(description = "Of them, the ones held out to check it.", example = "359")
            long heldOut,

            @Schema(
                    description = "Labelled screenings that could not be replayed (stored before a fact the rules"
                            + " read existed).",
                    example = "0")
            long notReplayed) {}

    /** One rule's points, moved. */
    @Schema(name = "SuggestionChange")
    public record Change(
            @Schema(example = "sales-pitch") String ruleId,

            @Schema(example = "-10") int oldPoints,

            @Schema(example = "-22") int newPoints,

            @Schema(description = "Screenings fitted on that it fired on and that were REPORTED.", example = "118")
            long firedOnReported,

            @Schema(description = "Screenings fitted on that it fired on and that were ACCEPTED.", example = "3")
            long firedOnAccepted,

            @Schema(
                    example = "Fired on 118 REPORTED and 3 ACCEPTED of the 1433 screenings fitted on (97% REPORTED):"
                            + " -10 -> -22.")
            String reason) {}

    /** The held-out screenings, scored both ways. */
    @Schema(name = "SuggestionHeldOut")
    public record HeldOut(
            @Schema(description = "With the points in force.")
            BacktestResult.Agreement inForce,

            @Schema(description = "With the suggested points.")
            BacktestResult.Agreement draft) {}
}
