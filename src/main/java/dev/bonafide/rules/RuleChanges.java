package dev.bonafide.rules;

import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.refusal.FieldError;
import dev.bonafide.refusal.Refusal;
import java.util.ArrayList;
import java.util.List;

/** The edits operators make to the ruleset in force. */
final class RuleChanges {

    private RuleChanges() {}

    static RulesetStore.Change add(RuleView rule) {
        return new RulesetStore.Change() {
            @Override
            public Ruleset apply(Ruleset current) {
                if (find(current, rule.id()) >= 0) {
                    throw Refusal.conflict(
                            "A rule with the id '" + rule.id() + "' exists; change it with PUT /api/v1/rules/"
                                    + rule.id() + ".",
                            List.of(new FieldError("id", "duplicates the id of another rule")));
                }
                List<Rule> rules = new ArrayList<>(current.rules());
                rules.add(rule.toRule());
                return new Ruleset(current.version(), current.acceptThreshold(), current.declineThreshold(), rules);
            }

            @Override
            public String summary() {
                return "added rule " + rule.id();
            }
        };
    }

    static RulesetStore.Change replace(String id, RuleView rule) {
        return new RulesetStore.Change() {
            @Override
            public Ruleset apply(Ruleset current) {
                List<Rule> rules = new ArrayList<>(current.rules());
                rules.set(existing(current, id), rule.withId(id).toRule());
                return new Ruleset(current.version(), current.acceptThreshold(), current.declineThreshold(), rules);
            }

            @Override
            public String summary() {
                return "changed rule " + id;
            }
        };
    }

    static RulesetStore.Change delete(String id) {
        return new RulesetStore.Change() {
            @Override
            public Ruleset apply(Ruleset current) {
                List<Rule> rules = new ArrayList<>(current.rules());
                rules.remove(existing(current, id));
                return new Ruleset(current.version(), current.acceptThreshold(), current.declineThreshold(), rules);
            }

            @Override
            public String summary() {
                return "deleted rule " + id;
            }
        };
    }

    static RulesetStore.Change thresholds(Thresholds thresholds) {
        return new RulesetStore.Change() {
            @Override
            public Ruleset apply(Ruleset current) {
                return new Ruleset(
                        current.version(),
                        thresholds.acceptThreshold(),
                        thresholds.declineThreshold(),
                        current.rules());
            }

            @Override
            public String summary() {
                return "thresholds set to accept >= " + thresholds.acceptThreshold() + ", decline < "
                        + thresholds.declineThreshold();
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
