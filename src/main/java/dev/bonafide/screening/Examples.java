package dev.bonafide.screening;

/** Example bodies for the OpenAPI document, taken from the two stories of the essay behind the product. */
final class Examples {

    static final String NETWORKER_REQUEST = """
            {
              "message": "Hi! I just couldn't resist the smile in your picture.",
              "mutualConnections": 1,
              "requesterNetworkSize": 1200,
              "requester": {
                "id": "member-8812",
                "headline": "Professional networker and connector"
              },
              "recipientId": "member-1024",
              "knownToRecipient": false
            }
            """;

    static final String FOUNDER_REQUEST = """
            {
              "message": "Hello Eugene, I'm Ken Carroll, the founder of ChinesePod.com. I'm aware of your work on collaboration and admire it, and I'd like to connect to learn more.",
              "mutualConnections": 0,
              "requesterNetworkSize": 420,
              "requester": {
                "id": "member-3310",
                "headline": "Founder, ChinesePod.com"
              },
              "recipientId": "member-1024",
              "knownToRecipient": false
            }
            """;

    /**
     * The rules ruleset 1 fires on the networker's request: its screening and its preview show the
     * same reasons.
     */
    private static final String NETWORKER_REASONS = """
            [
              {"ruleId": "flatters-looks", "points": -30, "explanation": "The note flatters the recipient's looks or picture instead of giving a real reason to connect."},
              {"ruleId": "networker-headline", "points": -15, "explanation": "The requester's headline calls them a networker: \\"Professional networker and connector\\"."},
              {"ruleId": "large-network", "points": -5, "explanation": "The requester has 1,200 connections, more than a thousand."},
              {"ruleId": "some-mutual-connections", "points": 5, "explanation": "The two have 1 connection(s) in common."}
            ]""";

    static final String NETWORKER_SCREENING = """
            {
              "id": "0f6b1c52-4b7e-4a5c-9d0e-2f4f9a3e8b11",
              "createdAt": "2026-11-27T09:15:02.114Z",
              "verdict": "DECLINE",
              "score": 5,
              "rulesetVersion": 1,
              "reasons": """ + NETWORKER_REASONS + """
            ,
              "request": """ + NETWORKER_REQUEST + """
            }
            """;

    static final String FOUNDER_SCREENING = """
            {
              "id": "5d0e8a77-93c2-4f1b-8e25-7c1d2b6a9f40",
              "createdAt": "2026-11-27T09:16:40.528Z",
              "verdict": "ACCEPT",
              "score": 80,
              "rulesetVersion": 1,
              "reasons": [
                {"ruleId": "knows-recipient-work", "points": 15, "explanation": "The note shows the sender knows the recipient's work."},
                {"ruleId": "introduces-sender", "points": 10, "explanation": "The note says who the sender is."},
                {"ruleId": "gives-reason", "points": 10, "explanation": "The note gives a reason to connect."},
                {"ruleId": "no-mutual-connections", "points": -5, "explanation": "The two have no connections in common."}
              ],
              "request": """ + FOUNDER_REQUEST + """
            }
            """;

    static final String PREVIEW_REQUEST = """
            {
              "request": {
                "message": "Hi! I just couldn't resist the smile in your picture.",
                "mutualConnections": 1,
                "requesterNetworkSize": 1200,
                "requester": {"headline": "Professional networker and connector"}
              },
              "draft": {
                "acceptThreshold": 65,
                "declineThreshold": 35,
                "rules": [
                  {"id": "large-network", "when": "requesterNetworkSize >= 1000", "points": -5,
                   "explanation": "The requester has {requesterNetworkSize} connections, more than a thousand."},
                  {"id": "flatters-looks", "when": "flattersLooks", "points": -10,
                   "explanation": "The note flatters the recipient's looks or picture."}
                ]
              }
            }
            """;

    static final String PREVIEW_RESPONSE = """
            {
              "inForce": {
                "rulesetVersion": 1,
                "verdict": "DECLINE",
                "score": 5,
                "reasons": """ + NETWORKER_REASONS + """
              },
              "draft": {
                "verdict": "REVIEW",
                "score": 35,
                "reasons": [
                  {"ruleId": "flatters-looks", "points": -10, "explanation": "The note flatters the recipient's looks or picture."},
                  {"ruleId": "large-network", "points": -5, "explanation": "The requester has 1,200 connections, more than a thousand."}
                ]
              }
            }
            """;

    private Examples() {}
}
