package dev.bonafide.rules;

/** Example bodies for the rules endpoints in the OpenAPI document. */
final class RulesExamples {

    static final String RULE = """
            {
              "id": "long-note-without-reason",
              "description": "A long note that never says why the sender wants to connect.",
              "when": "wordCount > 80 && !givesReason",
              "points": -10,
              "explanation": "The note runs to {wordCount} words without giving a reason to connect.",
              "enabled": true
            }
            """;

    static final String BROKEN_RULE = """
            {
              "id": "broken",
              "when": "requesterNetworkSize >",
              "points": -10,
              "explanation": "never shown"
            }
            """;

    static final String CHECK_FAILED = """
            {
              "valid": false,
              "errors": [
                {"field": "when", "message": "unknown fact or function 'followers'", "line": 1, "column": 1}
              ]
            }
            """;

    private RulesExamples() {}
}
