package dev.bonafide.engine;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A ruleset whose rules are compiled CEL programs, ready to score requests. Immutable and thread-safe.
 *
 * <p>A screening is scored in two phases: {@link #begin} runs the rules that read only the request
 * (its fields, note and headline), {@link Partial#finish} the rules that read the requester's
 * history, once it is known. The first phase can run anywhere, before any lock is taken; the
 * second is all that has to wait for the history. {@link #assess} does both at once.
 *
 * <p>Rules that may cost more than a few steps (comprehensions, regular expressions) are watched
 * by an {@link EvaluationBudget}: each phase has its own, and a rule that exceeds it does not fire
 * and is listed among the failed rules, as is every watched rule of that phase after it.
 */
public final class CompiledRuleset {

    /** What one phase of one screening may spend on watched rules. */
    public record Budget(long nanos, long units) {}

    /**
     * One enabled rule with its program and explanation; {@code watched} when it runs under the
     * budget, {@code readsHistory} when it needs the requester's history; {@code reads}, the facts
     * its condition reads.
     */
    record CompiledRule(
            Rule rule,
            CelRuntime.Program program,
            ExplanationTemplate explanation,
            long estimatedCost,
            boolean watched,
            boolean readsHistory,
            Set<Fact> reads) {}

    /**
     * A replayed screening: score, verdict and which enabled rules fired, by their place in
     * {@link #enabledRuleIds()}; no explanations are made. The same score and verdict as
     * {@link #assess} gives for the same facts.
     */
    public record Replay(int score, Verdict verdict, boolean[] fired) {}

    /** A reason with the place of its rule in the ruleset, which orders reasons of equal effect. */
    private record Fired(int position, Reason reason) {}

    private static final Comparator<Fired> LARGEST_EFFECT_FIRST =
            Comparator.comparingInt((Fired f) -> -Math.abs(f.reason().points())).thenComparingInt(Fired::position);

    private final Ruleset ruleset;
    private final CompiledRule[] requestRules;
    private final CompiledRule[] historyRules;
    private final int[] requestPositions;
    private final int[] historyPositions;
    private final CelFunctionResolver functions;
    private final LongSupplier ticker;
    private final Budget budget;
    private final List<String> enabledRuleIds;
    private final Set<Fact> factsRead;

    CompiledRuleset(
            Ruleset ruleset,
            List<CompiledRule> enabledRules,
            CelFunctionResolver functions,
            LongSupplier ticker,
            Budget budget) {
        this.ruleset = ruleset;
        this.requestRules = enabledRules.stream().filter(r -> !r.readsHistory()).toArray(CompiledRule[]::new);
        this.historyRules =
                enabledRules.stream().filter(CompiledRule::readsHistory).toArray(CompiledRule[]::new);
        this.requestPositions = positions(enabledRules, false);
        this.historyPositions = positions(enabledRules, true);
        this.functions = functions;
        this.ticker = ticker;
        this.budget = budget;
        this.enabledRuleIds = enabledRules.stream().map(r -> r.rule().id()).toList();
        EnumSet<Fact> read = EnumSet.noneOf(Fact.class);
        enabledRules.forEach(r -> read.addAll(r.reads()));
        this.factsRead = Collections.unmodifiableSet(read);
    }

    private static int[] positions(List<CompiledRule> rules, boolean readsHistory) {
        return java.util.stream.IntStream.range(0, rules.size())
                .filter(i -> rules.get(i).readsHistory() == readsHistory)
                .toArray();
    }

    public Ruleset ruleset() {
        return ruleset;
    }

    public long version() {
        return ruleset.version();
    }

    /** True when some enabled rule reads the requester's history. */
    public boolean readsHistory() {
        return historyRules.length > 0;
    }

    /** Evaluates every enabled rule against the facts and computes score and verdict. */
    public Assessment assess(Facts facts) {
        return begin(facts).finish(facts);
    }

    /** The ids of the enabled rules, in the ruleset's order: the places of {@link Replay#fired()}. */
    public List<String> enabledRuleIds() {
        return enabledRuleIds;
    }

    /** Every fact the enabled rules' conditions read: what a stored screening must have to be replayed. */
    public Set<Fact> factsRead() {
        return factsRead;
    }

    /**
     * Scores the facts as {@link #assess} does, without making explanations: for replaying stored
     * screenings, where only the verdict, the score and the rules that fired are counted.
     */
    public Replay replay(Facts facts) {
        Partial partial = new Partial(new boolean[enabledRuleIds.size()]);
        partial.evaluate(requestRules, requestPositions, facts);
        partial.evaluate(historyRules, historyPositions, facts);
        int score = partial.score();
        return new Replay(score, partial.verdict(score), partial.firedAt);
    }

    /**
     * Runs the rules that read only the request. The history facts of {@code facts} are not read,
     * so they may be {@link HistoryFacts#NONE} until {@link Partial#finish}.
     */
    public Partial begin(Facts facts) {
        Partial partial = new Partial(null);
        partial.evaluate(requestRules, requestPositions, facts);
        return partial;
    }

    /** The first phase's outcome, waiting for the history rules. Confined to one screening. */
    public final class Partial {

        private final List<Fired> fired = new ArrayList<>(8);
        /** When replaying: the rules that fired, by place; no reasons are made. */
        private final boolean[] firedAt;

        private List<String> failed;
        private int points;
        private boolean acceptOverride;
        private boolean declineOverride;
        private boolean finished;

        private Partial(boolean[] firedAt) {
            this.firedAt = firedAt;
        }

        /** Runs the history rules on the whole facts (request and history) and scores the screening. */
        public Assessment finish(Facts facts) {
            if (finished) {
                throw new IllegalStateException("a screening is finished once");
            }
            finished = true;
            evaluate(historyRules, historyPositions, facts);
            fired.sort(LARGEST_EFFECT_FIRST);
            List<Reason> reasons = fired.stream().map(Fired::reason).toList();
            int score = score();
            return new Assessment(
                    score, verdict(score), reasons, ruleset.version(), failed == null ? List.of() : failed);
        }

        private int score() {
            return Math.max(0, Math.min(100, 50 + points));
        }

        private Verdict verdict(int score) {
            if (declineOverride) {
                return Verdict.DECLINE;
            } else if (acceptOverride) {
                return Verdict.ACCEPT;
            } else if (score >= ruleset.acceptThreshold()) {
                return Verdict.ACCEPT;
            } else if (score < ruleset.declineThreshold()) {
                return Verdict.DECLINE;
            }
            return Verdict.REVIEW;
        }

        private void evaluate(CompiledRule[] rules, int[] positions, Facts facts) {
            if (rules.length == 0) {
                return;
            }
            CelVariableResolver resolver = resolver(facts);
            EvaluationBudget watch = null;
            for (int i = 0; i < rules.length; i++) {
                CompiledRule compiled = rules[i];
                Rule rule = compiled.rule();
                boolean fires;
                try {
                    if (compiled.watched()) {
                        if (watch == null) {
                            watch = new EvaluationBudget(ticker, budget.nanos(), budget.units());
                        } else if (watch.spent()) {
                            fail(rule);
                            continue;
                        }
                        fires = Boolean.TRUE.equals(compiled.program().trace(resolver, functions, watch));
                    } else {
                        fires = Boolean.TRUE.equals(compiled.program().eval(resolver, functions));
                    }
                } catch (CelEvaluationException | RuntimeException e) {
                    // A rule that errs or exceeds its budget does not fire; the screening goes on.
                    fail(rule);
                    continue;
                }
                if (fires) {
                    points += rule.points();
                    declineOverride |= rule.action() == Verdict.DECLINE;
                    acceptOverride |= rule.action() == Verdict.ACCEPT;
                    if (firedAt != null) {
                        firedAt[positions[i]] = true;
                    } else {
                        fired.add(new Fired(positions[i], compiled.explanation().reason(rule, facts)));
                    }
                }
            }
        }

        private void fail(Rule rule) {
            if (failed == null) {
                failed = new ArrayList<>();
            }
            failed.add(rule.id());
        }
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
        for (CompiledRule[] rules : new CompiledRule[][] {requestRules, historyRules}) {
            for (CompiledRule compiled : rules) {
                if (Boolean.TRUE.equals(compiled.program().eval(resolver, functions))) {
                    fired++;
                }
            }
        }
        return fired;
    }
}
