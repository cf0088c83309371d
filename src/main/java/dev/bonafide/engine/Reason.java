package dev.bonafide.engine;

/** A rule that fired, with the points it added and its explanation filled in with the request's facts. */
public record Reason(String ruleId, int points, String explanation, Verdict action) {
}
