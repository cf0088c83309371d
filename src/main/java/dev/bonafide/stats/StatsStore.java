package dev.bonafide.stats;

import dev.bonafide.engine.Verdict;
import dev.bonafide.feedback.Outcome;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The storage port for statistics: the counts kept by hour, added up over a window. */
public interface StatsStore {

    /** Hours from {@code from} (inclusive) to {@code to} (exclusive); one app, or all when null. */
    record Window(Instant from, Instant to, String appId) {}

    record VerdictCount(Instant hour, long version, Verdict verdict, long screenings) {}

    record RuleCount(long version, String ruleId, long fired) {}

    record OutcomeCount(long version, Verdict verdict, Outcome outcome, long labels) {}

    record RuleOutcomeCount(long version, String ruleId, Outcome outcome, long labels) {}

    record Counts(
            List<VerdictCount> verdicts,
            List<RuleCount> rules,
            List<OutcomeCount> outcomes,
            List<RuleOutcomeCount> ruleOutcomes) {}

    Counts counts(Window window) throws SQLException;
}
