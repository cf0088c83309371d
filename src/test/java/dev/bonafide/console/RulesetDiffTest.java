package dev.bonafide.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.engine.Verdict;
import dev.bonafide.rules.RuleView;
import dev.bonafide.rules.RulesetView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history's difference between two ruleset versions, rule by rule and field by field. */
class RulesetDiffTest {

    private static RulesetView version(long number, int accept, RuleView... rules) {
        return new RulesetView(number, Instant.EPOCH, "ops-alice", "change", null, accept, 35, List.of(rules));
    }

    private static RuleView rule(String id, String when, int points) {
        return new RuleView(id, null, when, points, "Because.", null, true);
    }

    @Test
    void addedRemovedAndChangedRulesAndThresholdsAreListed() {
        RulesetView older = version(1, 65, rule("a", "true", 5), rule("b", "false", -5), rule("same", "true", 1));
        RulesetView newer = version(
                2,
                70,
                new RuleView("a", null, "true", 10, "Because.", Verdict.ACCEPT, true),
                rule("same", "true", 1),
                rule("c", "mutualConnections > 3", 7));

        List<ConsoleResource.RuleDiff> diff = ConsoleResource.diff(older, newer);

        assertThat(diff)
                .extracting(ConsoleResource.RuleDiff::ruleId, ConsoleResource.RuleDiff::change)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("thresholds", "changed"),
                        org.assertj.core.groups.Tuple.tuple("a", "changed"),
                        org.assertj.core.groups.Tuple.tuple("c", "added"),
                        org.assertj.core.groups.Tuple.tuple("b", "removed"));
        assertThat(diff.get(1).fields())
                .containsExactly(
                        new ConsoleResource.FieldChange("points", "5", "10"),
                        new ConsoleResource.FieldChange("action", null, "ACCEPT"));
        assertThat(diff.get(0).fields()).contains(new ConsoleResource.FieldChange("acceptThreshold", "65", "70"));
    }

    @Test
    void twoEqualVersionsHaveNoDifference() {
        RulesetView one = version(1, 65, rule("a", "true", 5));
        assertThat(ConsoleResource.diff(one, version(2, 65, rule("a", "true", 5))))
                .isEmpty();
    }
}
