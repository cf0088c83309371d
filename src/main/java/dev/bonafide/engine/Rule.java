package dev.bonafide.engine;

/**
 * A named condition over the facts of a request, with the points it adds when it fires and the
 * explanation a person reads. {@code action}, when set, overrides the thresholds (DECLINE beats ACCEPT).
 * The {@link RulesetCompiler} validates every field.
 */
public record Rule(
        String id, String description, String when, int points, String explanation, Verdict action, boolean enabled) {}
