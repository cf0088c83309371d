package dev.bonafide.stats;

/** OpenAPI example of statistics, as the service answered it (README, "Feedback and statistics"). */
final class StatsExamples {

    static final String DAY = """
            {}""";

    private StatsExamples() {}
}
