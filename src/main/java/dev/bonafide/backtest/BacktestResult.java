package dev.bonafide.backtest;

import dev.bonafide.engine.Verdict;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a finished backtest found: every figure is over the screenings it replayed. */
@Schema(name = "BacktestResult")
public record BacktestResult(
        @Schema(description = "Screenings of the window read (after sampling, when a sample was asked for).")
        long screenings,

        @Schema(description = "Screenings replayed: those with every fact the replayed rules read.")
        long replayed,

        NotReplayed notReplayed,

        @Schema(
                description = "Every pair of verdicts: as scored (by the version that scored each screening) "
                        + "and under the replayed ruleset, with how many screenings went from one to the other.")
        List<Transition> transitions,

        @Schema(description = "Replayed screenings whose verdict changed.")
        long verdictChanged,

        @Schema(description = "Replayed screenings whose score changed.")
        long scoreChanged,

        @Schema(
                description = "Per rule: in how many replayed screenings it fired as scored, and under the "
                        + "replayed ruleset.")
        List<RuleFired> rules,

        FeedbackAgreement feedback,

        @Schema(
                description = "Screenings whose verdict changed (at most the first " + Tally.MAX_CHANGED
                        + " found): read them with GET /api/v1/screenings/{id}, or score them again with preview.")
        List<Changed> changed) {

    /** Screenings that could not be replayed faithfully, by the fact they lack. */
    @Schema(name = "BacktestNotReplayed")
    public record NotReplayed(
            @Schema(
                    description = "Screenings not replayed: a fact the rules read was not stored with them, "
                            + "or their note was erased by retention. Counted, never guessed.")
            long screenings,

            @Schema(
                    description = "Per fact, the screenings that lacked it.",
                    example = "{\"message\": 120, \"requesterReportedLast30Days\": 3}")
            Map<String, Long> byFact) {}

    @Schema(name = "BacktestTransition")
    public record Transition(Verdict asScored, Verdict replayed, long screenings) {}

    @Schema(name = "BacktestRuleFired")
    public record RuleFired(
            String ruleId,

            @Schema(description = "Screenings in which it fired when they were scored.")
            long firedAsScored,

            @Schema(description = "Screenings in which it fires under the replayed ruleset.")
            long firedReplayed,

            @Schema(description = "Whether the replayed ruleset has it enabled.")
            boolean inReplayed) {}

    /** The verdicts against what recipients did, for the screenings with feedback. */
    @Schema(name = "BacktestFeedback")
    public record FeedbackAgreement(
            @Schema(description = "Replayed screenings whose recipient REPORTED the request.")
            long reported,

            @Schema(description = "Replayed screenings whose recipient ACCEPTED the request.")
            long accepted,

            @Schema(description = "Replayed screenings whose recipient IGNORED the request.")
            long ignored,

            Agreement asScored,
            Agreement replayed) {}

    /**
     * How one set of verdicts agrees with the labels. A verdict other than ACCEPT flags a request:
     * recall is the share of REPORTED ones flagged; precision the share of flagged labelled ones that
     * were REPORTED. Both are absent when nothing counts toward them.
     */
    @Schema(name = "BacktestAgreement")
    public record Agreement(
            @Schema(description = "REPORTED screenings given REVIEW or DECLINE.")
            long reportedNotAccepted,

            @Schema(description = "ACCEPTED screenings given DECLINE: the costly mistake.")
            long acceptedDeclined,

            @Schema(description = "ACCEPTED screenings given REVIEW or DECLINE.")
            long acceptedNotAccepted,

            @Schema(description = "reportedNotAccepted / (reportedNotAccepted + acceptedNotAccepted).", example = "0.9")
            Double precision,

            @Schema(description = "reportedNotAccepted / reported.", example = "0.8")
            Double recall) {}

    /** One screening whose verdict changed. */
    @Schema(name = "BacktestChanged")
    public record Changed(
            UUID id,
            String appId,

            @Schema(description = "The version that scored it.")
            long scoredBy,

            Verdict verdictAsScored,
            int scoreAsScored,
            Verdict verdictReplayed,
            int scoreReplayed) {}
}
