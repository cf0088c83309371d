package dev.bonafide.engine;

/**
 * One connection request as the engine sees it. Optional text fields are null when absent.
 */
public record ConnectionRequest(
        String message,
        long mutualConnections,
        long requesterNetworkSize,
        String requesterId,
        String requesterHeadline,
        String recipientId,
        boolean knownToRecipient) {

    public ConnectionRequest {
        if (mutualConnections < 0 || requesterNetworkSize < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** A request from a stranger that only carries a note and the two counts. */
    public static ConnectionRequest fromStranger(String message, long mutualConnections, long requesterNetworkSize) {
        return new ConnectionRequest(message, mutualConnections, requesterNetworkSize, null, null, null, false);
    }
}
