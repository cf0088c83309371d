package peer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The request Bonafide screens, with the same bounds. */
public record RequestBody(
        @Size(max = 5000) @Pattern(regexp = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\p{Cs}]*") String message,
        @NotNull @Min(0) @Max(10_000_000L) Long mutualConnections,
        @NotNull @Min(0) @Max(10_000_000L) Long requesterNetworkSize,
        @Valid Requester requester,
        @Size(max = 128) @Pattern(regexp = "[^\\x00-\\x20\\x7F\\p{Cs}]+") String recipientId,
        Boolean knownToRecipient) {

    public record Requester(
            @Size(max = 128) @Pattern(regexp = "[^\\x00-\\x20\\x7F\\p{Cs}]+") String id,
            @Size(max = 300) @Pattern(regexp = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\p{Cs}]*") String headline) {}
}
