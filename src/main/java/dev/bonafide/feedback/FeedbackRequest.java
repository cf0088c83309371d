package dev.bonafide.feedback;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome an app reports for one of its screenings. */
@Schema(name = "FeedbackRequest", description = "What the recipient finally did about the screened request.")
public record FeedbackRequest(
        @Schema(
                description = "ACCEPTED, IGNORED or REPORTED.",
                example = "REPORTED",
                enumeration = {"ACCEPTED", "IGNORED", "REPORTED"})
        @NotNull(message = "is required: ACCEPTED, IGNORED or REPORTED")
        Outcome outcome,

        @Schema(
                description = "Why it was reported (only with REPORTED): SPAM, FAKE_ACCOUNT, HARASSMENT or OTHER.",
                example = "SPAM",
                enumeration = {"SPAM", "FAKE_ACCOUNT", "HARASSMENT", "OTHER"})
        ReportReason reason,

        @Schema(
                description = "When the recipient did it (ISO-8601, UTC). Of two outcomes for one screening, the one "
                        + "that happened later is kept; an earlier one sent afterwards is refused with 409. Not "
                        + "before the screening, nor more than 5 minutes ahead of the service's clock.",
                example = "2026-12-02T10:15:00Z")
        @NotNull(message = "is required: when the recipient did it (ISO-8601)")
        Instant occurredAt) {}
