package dev.bonafide.stats;

/** OpenAPI example of statistics, as the service answered it (README, "Feedback and statistics"). */
final class StatsExamples {

    static final String DAY = """
            {
              "from": "2026-12-03T00:00:00Z",
              "to": "2026-12-04T00:00:00Z",
              "bucket": "DAY",
              "appId": "my-app",
              "screenings": 4,
              "byVerdict": {
                "ACCEPT": 1,
                "REVIEW": 0,
                "DECLINE": 3
              },
              "buckets": [
                {
                  "start": "2026-12-03T00:00:00Z",
                  "total": 4,
                  "byVerdict": {
                    "ACCEPT": 1,
                    "REVIEW": 0,
                    "DECLINE": 3
                  }
                }
              ],
              "verdicts": [
                {
                  "verdict": "ACCEPT",
                  "screenings": 1,
                  "outcomes": {
                    "ACCEPTED": 1,
                    "IGNORED": 0,
                    "REPORTED": 0,
                    "labels": 1
                  }
                },
                {
                  "verdict": "REVIEW",
                  "screenings": 0,
                  "outcomes": {
                    "ACCEPTED": 0,
                    "IGNORED": 0,
                    "REPORTED": 0,
                    "labels": 0
                  }
                },
                {
                  "verdict": "DECLINE",
                  "screenings": 3,
                  "outcomes": {
                    "ACCEPTED": 0,
                    "IGNORED": 1,
                    "REPORTED": 2,
                    "labels": 2
                  }
                }
              ],
              "rules": [
                {
                  "ruleId": "knows-recipient-work",
                  "rulesetVersion": 1,
                  "points": 15,
                  "fired": 1,
                  "firedShare": 0.25,
                  "whenFired": {
                    "ACCEPTED": 1,
                    "IGNORED": 0,
                    "REPORTED": 0,
                    "labels": 1
                  },
                  "whenNotFired": {
                    "ACCEPTED": 0,
                    "IGNORED": 1,
                    "REPORTED": 2,
                    "labels": 2
                  },
                  "precision": 1.0,
                  "labels": 1
                },
                {
                  "ruleId": "flatters-looks",
                  "rulesetVersion": 1,
                  "points": -30,
                  "fired": 3,
                  "firedShare": 0.75,
                  "whenFired": {
                    "ACCEPTED": 0,
                    "IGNORED": 1,
                    "REPORTED": 2,
                    "labels": 2
                  },
                  "whenNotFired": {
                    "ACCEPTED": 1,
                    "IGNORED": 0,
                    "REPORTED": 0,
                    "labels": 1
                  },
                  "precision": 1.0,
                  "labels": 2
                }
              ],
              "versionsLeftOut": 0
            }""";

    private StatsExamples() {}
}
