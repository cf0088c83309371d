package dev.bonafide.rules;

import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.refusal.FieldError;
import dev.bonafide.refusal.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/** The edits operators make to the ruleset in force. */
final class RuleChanges {

    private RuleChanges() {}

    static RulesetStore.Change add(RuleView rule) {
        return ofRules("added rule " + rule.id(), (current, rules) -> {
            if (find(current, rule.id()) >= 0) {
                throw Refusal.conflict(
                        "A rule with the id '" + rule.id() + "' exists; change it with PUT /api/v1/rules/" + rule.id()
                                + ".",
                        List.of(new FieldError("id", "duplicates the id of another rule")));
            }
            rules.add(rule.toRule());
        });
    }

    static RulesetStore.Change replace(String id, RuleView rule) {
        return ofRules(
                "changed rule " + id,
                (current, rules) ->
                        rules.set(existing(current, id), rule.withId(id).toRule()));
    }

    static RulesetStore.Change delete(String id) {
        return ofRules("deleted rule " + id, (current, rules) -> rules.remove(existing(current, id)));
    }

    static RulesetStore.Change thresholds(Thresholds thresholds) {
        return change(
                "thresholds set to accept >= " + thresholds.acceptThreshold() + ", decline < "
                        + thresholds.declineThreshold(),
                current -> new Ruleset(
                        current.version(),
                        thresholds.acceptThreshold(),
                        thresholds.declineThreshold(),
                        current.rules()));
    }

    /** An edit of the rule list that keeps the thresholds: it gets the ruleset in force and a copy of its rules. */
    private static RulesetStore.Change ofRules(String summary, BiConsumer<Ruleset, List<Rule>> edit) {
        return change(summary, current -> {
            List<Rule> rules = new ArrayList<>(current.rules());
            edit.accept(current, rules);
            return new Ruleset(current.version(), current.acceptThreshold(), current.declineThreshold(), rules);
        });
    }

    private static RulesetStore.Change change(String summary, UnaryOperator<Ruleset> apply) {
        return new RulesetStore.Change() {
            @Override
            public Ruleset apply(Ruleset current) {
                return apply.apply(current);
            }

            @Override
            public String summary() {
                return summary;
            }
        };
    }

    static int find(Ruleset ruleset, String id) {
        for (int i = 0; i < ruleset.rules().size(); i++) {
            if (ruleset.rules().get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static int existing(Ruleset ruleset, String id) {
        int index = find(ruleset, id);
        if (index < 0) {
            throw Refusal.notFound("No rule has the id '" + id + "' in version " + ruleset.version() + ".");
        }
        return index;
    }
}
