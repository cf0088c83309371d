package dev.bonafide.screening;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bonafide.engine.ConnectionRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A connection request as an app sends it. */
@Schema(name = "ConnectionRequest", description = "A connection request to screen.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScreeningRequest(
        @Schema(description = "The note sent with the request; absent or blank means no note.")
        @Size(max = 5000, message = "must be at most 5000 characters")
        @Pattern(regexp = Limits.NO_CONTROL_CHARACTERS, message = Limits.NO_CONTROL_CHARACTERS_MESSAGE)
        String message,

        @Schema(description = "Connections the two have in common.")
        @NotNull(message = "is required")
        @Min(value = 0, message = "must not be negative")
        @Max(value = Limits.MAX_COUNT, message = "must be at most 10000000")
        Long mutualConnections,

        @Schema(description = "The requester's connection or friend count.")
        @NotNull(message = "is required")
        @Min(value = 0, message = "must not be negative")
        @Max(value = Limits.MAX_COUNT, message = "must be at most 10000000")
        Long requesterNetworkSize,

        @Schema(description = "Who sent the request, as the app knows them.") @Valid
        Requester requester,

        @Schema(description = "The app's id for the recipient.")
        @Size(max = 128, message = "must be at most 128 characters")
        @Pattern(regexp = Limits.PRINTABLE_ID, message = Limits.PRINTABLE_ID_MESSAGE)
        String recipientId,

        @Schema(description = "The app knows the two have met or been in contact (address book, prior messages).")
        Boolean knownToRecipient) {

    /** The requester's id and self-description. */
    @Schema(name = "Requester")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requester(
            @Schema(description = "The app's id for the requester; enables history signals.")
            @Size(max = 128, message = "must be at most 128 characters")
            @Pattern(regexp = Limits.PRINTABLE_ID, message = Limits.PRINTABLE_ID_MESSAGE)
            String id,

            @Schema(description = "The requester's self-description, bio or job title.")
            @Size(max = 300, message = "must be at most 300 characters")
            @Pattern(regexp = Limits.NO_CONTROL_CHARACTERS, message = Limits.NO_CONTROL_CHARACTERS_MESSAGE)
            String headline) {}

    ConnectionRequest toEngine() {
        return new ConnectionRequest(
                message,
                mutualConnections,
                requesterNetworkSize,
                requester == null ? null : requester.id(),
                requester == null ? null : requester.headline(),
                recipientId,
                Boolean.TRUE.equals(knownToRecipient));
    }
}
