package dev.bonafide.engine;

import java.util.List;

/**
 * The outcome of scoring one request: score, verdict, the rules that fired (largest effect first),
 * and the ids of rules whose evaluation failed and were therefore treated as not fired.
 */
public record Assessment(
        int score, Verdict verdict, List<Reason> reasons, long rulesetVersion, List<String> failedRules) {

    public Assessment {
        reasons = List.copyOf(reasons);
        failedRules = List.copyOf(failedRules);
    }
}
