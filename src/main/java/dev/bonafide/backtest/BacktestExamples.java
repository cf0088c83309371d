package dev.bonafide.backtest;

/** Examples for the OpenAPI document: one request, and a backtest in each of its states. */
final class BacktestExamples {

    static final String DRAFT_REQUEST = """
            {
              "draft": {
                "rules": [
                  {"id": "no-mutual-connections", "when": "mutualConnections == 0 && !knownToRecipient",
                   "points": -15, "explanation": "No mutual connections."},
                  {"id": "links-in-note", "when": "linkCount > 0", "points": -10,
                   "explanation": "The note has {linkCount} link(s)."}
                ]
              },
              "from": "2026-11-07T00:00:00Z",
              "to": "2026-12-07T00:00:00Z",
              "sampleSize": 100000
            }""";

    static final String VERSION_REQUEST = """
            {"version": 7, "appId": "acme-social"}""";

    /** What every state shows first: the backtest's id, who started it, and what it replays on which traffic. */
    private static final String HEAD = """
              "id": "3f6b2c1e-8d4a-4f7e-9b1c-2a5d7e9f0c13",
              "createdAt": "2026-12-07T06:40:12.310Z",
              "requestedBy": "rules-admin@example.com",
              "replays": {"rules": 2, "acceptThreshold": 65, "declineThreshold": 35},
              "traffic": {"from": "2026-11-07T00:00:00Z", "to": "2026-12-07T00:00:00Z", "sampleSize": 100000},
            """;

    static final String QUEUED = "{" + HEAD + """
              "state": "QUEUED",
              "progress": {"processed": 0}
            }""";

    static final String RUNNING = "{" + HEAD + """
              "state": "RUNNING",
              "progress": {"processed": 412000, "total": 1000000, "percent": 41, "secondsLeft": 14},
              "startedAt": "2026-12-07T06:40:12.402Z"
            }""";

    static final String DONE = "{" + HEAD + """
              "state": "DONE",
              "progress": {"processed": 1000000, "total": 1000000, "percent": 100},
              "startedAt": "2026-12-07T06:40:12.402Z",
              "finishedAt": "2026-12-07T06:40:36.918Z",
              "result": {
                "screenings": 100000,
                "replayed": 99880,
                "notReplayed": {"screenings": 120, "byFact": {"message": 120}},
                "transitions": [
                  {"asScored": "ACCEPT", "replayed": "ACCEPT", "screenings": 0},
                  {"asScored": "ACCEPT", "replayed": "REVIEW", "screenings": 31200},
                  {"asScored": "ACCEPT", "replayed": "DECLINE", "screenings": 0},
                  {"asScored": "REVIEW", "replayed": "ACCEPT", "screenings": 0},
                  {"asScored": "REVIEW", "replayed": "REVIEW", "screenings": 40110},
                  {"asScored": "REVIEW", "replayed": "DECLINE", "screenings": 2210},
                  {"asScored": "DECLINE", "replayed": "ACCEPT", "screenings": 0},
                  {"asScored": "DECLINE", "replayed": "REVIEW", "screenings": 21990},
                  {"asScored": "DECLINE", "replayed": "DECLINE", "screenings": 4370}
                ],
                "verdictChanged": 55400,
                "scoreChanged": 91020,
                "rules": [
                  {"ruleId": "no-mutual-connections", "firedAsScored": 20440, "firedReplayed": 20440, "inReplayed": true},
                  {"ruleId": "links-in-note", "firedAsScored": 6580, "firedReplayed": 6580, "inReplayed": true},
                  {"ruleId": "gives-reason", "firedAsScored": 30120, "firedReplayed": 0, "inReplayed": false}
                ],
                "feedback": {
                  "reported": 410, "accepted": 2900, "ignored": 1200,
                  "asScored": {"reportedNotAccepted": 380, "acceptedDeclined": 12, "acceptedNotAccepted": 240,
                               "precision": 0.6129, "recall": 0.9268},
                  "replayed": {"reportedNotAccepted": 402, "acceptedDeclined": 3, "acceptedNotAccepted": 1950,
                               "precision": 0.1709, "recall": 0.9805}
                },
                "changed": [
                  {"id": "7a1f0000-0000-4000-8000-000000000000", "appId": "acme-social", "scoredBy": 7,
                   "verdictAsScored": "ACCEPT", "scoreAsScored": 80, "verdictReplayed": "REVIEW", "scoreReplayed": 50}
                ]
              }
            }""";

    static final String CANCELLED = "{" + HEAD + """
              "state": "CANCELLED",
              "progress": {"processed": 212992, "total": 1000000, "percent": 21},
              "startedAt": "2026-12-07T06:40:12.402Z",
              "finishedAt": "2026-12-07T06:40:18.007Z"
            }""";

    static final String FAILED = "{" + HEAD + """
              "state": "FAILED",
              "progress": {"processed": 401408, "total": 1000000, "percent": 40},
              "startedAt": "2026-12-07T06:40:12.402Z",
              "finishedAt": "2026-12-07T06:41:02.113Z",
              "failure": "The instance running it stopped before it finished; start the backtest again."
            }""";

    /** A suggestion (its draft cut to the changed rules here; the answer holds every rule). */
    static final String SUGGESTION = """
            {
              "basedOnVersion": 7,
              "from": "2026-11-07T00:00:00Z",
              "to": "2026-12-07T00:00:00Z",
              "labels": {"reported": 412, "accepted": 1380, "fittedOn": 1433, "heldOut": 359, "notReplayed": 0},
              "pointsPerLogOdds": 6.83,
              "spread": 10,
              "changes": [
                {"ruleId": "sales-pitch", "oldPoints": -10, "newPoints": -22, "firedOnReported": 118,
                 "firedOnAccepted": 3, "reason": "Fired on 118 REPORTED and 3 ACCEPTED of the 1433 screenings fitted on (97% REPORTED): -10 -> -22."}
              ],
              "draft": {"acceptThreshold": 65, "declineThreshold": 35, "rules": [
                {"id": "sales-pitch", "description": "A sales or money pitch", "when": "hasSalesPitch", "points": -22,
                 "explanation": "The note is a sales or money pitch.", "enabled": true}
              ]},
              "heldOut": {
                "inForce": {"reportedNotAccepted": 80, "acceptedDeclined": 4, "acceptedNotAccepted": 61, "precision": 0.567, "recall": 0.952},
                "draft": {"reportedNotAccepted": 83, "acceptedDeclined": 3, "acceptedNotAccepted": 58, "precision": 0.589, "recall": 0.988}
              },
              "backtest": {
                "id": "3f6b2c1e-8d4a-4f7e-9b1c-2a5d7e9f0c13",
                "createdAt": "2026-12-07T06:40:12.310Z",
                "requestedBy": "rules-admin@example.com",
                "replays": {"rules": 30, "acceptThreshold": 65, "declineThreshold": 35},
                "traffic": {"from": "2026-11-07T00:00:00Z", "to": "2026-12-07T00:00:00Z"},
                "state": "QUEUED",
                "progress": {"processed": 0}
              }
            }""";

    private BacktestExamples() {}
}
