package dev.bonafide.feedback;

/** OpenAPI examples of feedback, as the service answers them. */
final class FeedbackExamples {

    static final String REPORTED_REQUEST = """
            {"outcome": "REPORTED", "reason": "SPAM", "occurredAt": "2026-12-02T10:15:00Z"}""";

    static final String ACCEPTED_REQUEST = """
            {"outcome": "ACCEPTED", "occurredAt": "2026-12-02T10:20:00Z"}""";

    static final String REPORTED = """
            {
              "outcome": "REPORTED",
              "reason": "SPAM",
              "occurredAt": "2026-12-02T10:15:00Z",
              "recordedAt": "2026-12-02T10:15:02.114Z",
              "recordedBy": "my-app",
              "changes": [
                {"changedAt": "2026-12-02T10:15:02.114Z", "changedBy": "my-app", "to": "REPORTED", "toReason": "SPAM",
                 "occurredAt": "2026-12-02T10:15:00Z"}
              ]
            }""";

    static final String CHANGED = """
            {
              "outcome": "ACCEPTED",
              "occurredAt": "2026-12-02T11:40:00Z",
              "recordedAt": "2026-12-02T11:40:01.502Z",
              "recordedBy": "my-app",
              "changes": [
                {"changedAt": "2026-12-02T10:15:02.114Z", "changedBy": "my-app", "to": "IGNORED",
                 "occurredAt": "2026-12-02T10:15:00Z"},
                {"changedAt": "2026-12-02T11:40:01.502Z", "changedBy": "my-app", "from": "IGNORED", "to": "ACCEPTED",
                 "occurredAt": "2026-12-02T11:40:00Z"}
              ]
            }""";

    private FeedbackExamples() {}
}
