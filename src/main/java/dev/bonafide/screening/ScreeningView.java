package dev.bonafide.screening;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bonafide.engine.Verdict;
import dev.bonafide.feedback.FeedbackView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A screening as the API shows it. */
@Schema(name = "Screening", description = "One stored evaluation of one connection request.")
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ScreeningView(
        @Schema(description = "The screening's id.") UUID id,
        @Schema(description = "When it was screened (UTC).") Instant createdAt,

        @Schema(
                description =
                        "ACCEPT: looks genuine; REVIEW: look carefully; DECLINE: looks like inauthentic networking or spam.")
        Verdict verdict,

        @Schema(
                description = "0 to 100, higher is more genuine: 50 plus the points of every rule that fired, clamped.",
                minimum = "0",
                maximum = "100")
        int score,

        @Schema(description = "The version of the ruleset that scored it.")
        long rulesetVersion,

        @Schema(description = "Every rule that fired, largest effect first.")
        List<ReasonView> reasons,

        @Schema(
                description =
                        "The facts the rules saw (docs/rules.md), history included; the note and headline texts are in request.")
        Map<String, Object> facts,

        @Schema(description = "The request as received (note and headline are absent once erased).")
        ScreeningRequest request,

        @Schema(description = "The app that created the screening.")
        String appId,

        @Schema(
                description =
                        "When the note and headline texts were erased (retention or erasure request); absent while kept.")
        Instant noteErasedAt,

        @Schema(description = "What the recipient did, when the app sent feedback (only when one screening is read).")
        FeedbackView feedback) {

    /** A rule that fired. */
    @Schema(name = "Reason")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReasonView(
            @Schema(description = "The rule's id.") String ruleId,

            @Schema(description = "Points the rule added to the score (negative lowers it).")
            int points,

            @Schema(description = "Why the rule fired, with the request's numbers.")
            String explanation,

            @Schema(description = "The verdict the rule forces, when it has one.")
            Verdict action) {}

    static ScreeningView from(Screening s) {
        ScreeningRequest.Requester requester = s.requesterId == null && s.requesterHeadline == null
                ? null
                : new ScreeningRequest.Requester(s.requesterId, s.requesterHeadline);
        ScreeningRequest request = new ScreeningRequest(
                s.message, s.mutualConnections, s.requesterNetworkSize, requester, s.recipientId, s.knownToRecipient);
        List<ReasonView> reasons = s.reasons.stream()
                .map(r -> new ReasonView(r.ruleId, r.points, r.shown(s), r.action))
                .toList();
        return new ScreeningView(
                s.id,
                s.createdAt,
                s.verdict,
                s.score,
                s.rulesetVersion,
                reasons,
                s.facts,
                request,
                s.appId,
                s.noteErasedAt,
                null);
    }

    /** The same screening with its feedback. */
    ScreeningView withFeedback(FeedbackView withFeedback) {
        return new ScreeningView(
                id,
                createdAt,
                verdict,
                score,
                rulesetVersion,
                reasons,
                facts,
                request,
                appId,
                noteErasedAt,
                withFeedback);
    }
}
