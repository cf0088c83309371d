package dev.bonafide.engine;

/**
 * Why a rule or a ruleset was refused. {@code field} names the offending field ("rules[3].when",
 * "acceptThreshold"); {@code line} and {@code column} (1-based) locate a CEL error in the expression,
 * and are 0 when the problem is not in an expression.
 */
public record RuleProblem(String ruleId, String field, String message, int line, int column) {

    static RuleProblem of(String ruleId, String field, String message) {
        return new RuleProblem(ruleId, field, message, 0, 0);
    }
}
