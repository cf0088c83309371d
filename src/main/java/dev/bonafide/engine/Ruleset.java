package dev.bonafide.engine;

import java.util.List;

/** A version of the rules together with the verdict thresholds. */
public record Ruleset(long version, int acceptThreshold, int declineThreshold, List<Rule> rules) {

    public static final int DEFAULT_ACCEPT_THRESHOLD = 65;
    public static final int DEFAULT_DECLINE_THRESHOLD = 35;

    public Ruleset {
        rules = List.copyOf(rules);
    }
}
