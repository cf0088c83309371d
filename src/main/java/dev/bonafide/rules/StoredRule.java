package dev.bonafide.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Verdict;

/**
 * A rule as the {@code ruleset_version.rules} JSON document stores it. The names are the stored
 * document's and change only with a migration; the API's {@link RuleView} may change without
 * touching stored versions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StoredRule(
        @JsonProperty("id") String id,
        @JsonProperty("description") String description,
        @JsonProperty("when") String when,
        @JsonProperty("points") int points,
        @JsonProperty("explanation") String explanation,
        @JsonProperty("action") Verdict action,
        @JsonProperty("enabled") Boolean enabled) {

    static StoredRule of(Rule rule) {
        return new StoredRule(
                rule.id(),
                rule.description(),
                rule.when(),
                rule.points(),
                rule.explanation(),
                rule.action(),
                rule.enabled());
    }

    Rule toRule() {
        return new Rule(id, description, when, points, explanation, action, enabled == null || enabled);
    }
}
