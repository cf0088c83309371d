package dev.bonafide.engine;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A ruleset whose rules are compiled CEL programs, ready to score requests. Immutable and thread-safe. */
public final class CompiledRuleset {

    /** One enabled rule with its program and explanation. */
    record CompiledRule(Rule rule, CelRuntime.Program program, ExplanationTemplate explanation) {
    }

    private static final Comparator<Reason> LARGEST_EFFECT_FIRST =
            Comparator.comparingInt((Reason r) -> Math.abs(r.points())).reversed();

    private final Ruleset ruleset;
    private final List<CompiledRule> enabledRules;

    CompiledRuleset(Ruleset ruleset, List<CompiledRule> enabledRules) {
        this.ruleset = ruleset;
        this.enabledRules = List.copyOf(enabledRules);
    }

    public Ruleset ruleset() {
        return ruleset;
    }

    public long version() {
        return ruleset.version();
    }

    /** Evaluates every enabled rule against the facts and computes score and verdict. */
    public Assessment assess(Facts facts) {
        CelVariableResolver resolver = resolver(facts);
        List<Reason> reasons = new ArrayList<>();
        List<String> failed = null;
        int points = 0;
        boolean acceptOverride = false;
        boolean declineOverride = false;
        for (CompiledRule compiled : enabledRules) {
            Rule rule = compiled.rule();
            boolean fired;
            try {
                fired = Boolean.TRUE.equals(compiled.program().eval(resolver));
            } catch (CelEvaluationException e) {
                if (failed == null) {
                    failed = new ArrayList<>();
                }
                failed.add(rule.id());
                continue;
            }
            if (fired) {
                points += rule.points();
                declineOverride |= rule.action() == Verdict.DECLINE;
                acceptOverride |= rule.action() == Verdict.ACCEPT;
                reasons.add(new Reason(rule.id(), rule.points(), compiled.explanation().render(facts), rule.action()));
            }
        }
        reasons.sort(LARGEST_EFFECT_FIRST);
        int score = Math.max(0, Math.min(100, 50 + points));
        Verdict verdict;
        if (declineOverride) {
            verdict = Verdict.DECLINE;
        } else if (acceptOverride) {
            verdict = Verdict.ACCEPT;
        } else if (score >= ruleset.acceptThreshold()) {
            verdict = Verdict.ACCEPT;
        } else if (score < ruleset.declineThreshold()) {
            verdict = Verdict.DECLINE;
        } else {
            verdict = Verdict.REVIEW;
        }
        return new Assessment(score, verdict, reasons, ruleset.version(), failed == null ? List.of() : failed);
    }

    /**
     * One resolver over the facts for all the rules of a request: evaluating with the facts' map
     * makes CEL copy the map for every rule.
     */
    private static CelVariableResolver resolver(Facts facts) {
        return name -> Optional.ofNullable(facts.value(name));
    }

    /** Evaluates the compiled CEL programs alone, without score or explanations: the engine's floor. */
    public int countFired(Facts facts) throws CelEvaluationException {
        CelVariableResolver resolver = resolver(facts);
        int fired = 0;
        for (CompiledRule compiled : enabledRules) {
            if (Boolean.TRUE.equals(compiled.program().eval(resolver))) {
                fired++;
            }
        }
        return fired;
    }
}
