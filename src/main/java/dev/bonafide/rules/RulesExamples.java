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

    static final String REJECTED = """
            {
              "type": "urn:bonafide:problem:invalid-rule",
              "title": "Rule rejected",
              "status": 422,
              "detail": "The ruleset was not changed: rules[17].when (line 1, column 23): Syntax error: mismatched input '<EOF>'",
              "instance": "/api/v1/rules",
              "errors": [
                {"field": "rules[17].when", "message": "Syntax error: mismatched input '<EOF>'", "line": 1, "column": 23}
              ]
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

    static final String STALE = """
            {
              "type": "urn:bonafide:problem:stale-version",
              "title": "Precondition failed",
              "status": 412,
              "detail": "The change was based on version 3 but version 4 is in force; read the rules again (GET /api/v1/rules) and retry with If-Match: \\"4\\".",
              "instance": "/api/v1/rules/large-network"
            }
            """;

    private RulesExamples() {}
}
