package dev.bonafide.feedback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome in force for a screening, and every outcome recorded for it. */
@Schema(name = "Feedback", description = "What the recipient did, and how that record changed.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackView(
        @Schema(description = "The outcome in force.") Outcome outcome,

        @Schema(description = "Why it was reported, when it was and the app said.")
        ReportReason reason,

        @Schema(description = "When the recipient did it.") Instant occurredAt,

        @Schema(description = "When the service recorded it.")
        Instant recordedAt,

        @Schema(description = "Who sent it: the token's name.")
        String recordedBy,

        @Schema(description = "Every outcome recorded, oldest first; the first has no from.")
        List<Change> changes) {

    /** One recorded outcome, and the one it replaced. */
    @Schema(name = "FeedbackChange")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(
            @Schema(description = "When it was recorded.") Instant changedAt,
            @Schema(description = "Who sent it.") String changedBy,

            @Schema(description = "The outcome it replaced; absent for the first.")
            Outcome from,

            @Schema(description = "The reason it replaced.") ReportReason fromReason,
            @Schema(description = "The outcome recorded.") Outcome to,
            @Schema(description = "The reason recorded.") ReportReason toReason,

            @Schema(description = "When the recipient did it, as sent.")
            Instant occurredAt) {}
}
