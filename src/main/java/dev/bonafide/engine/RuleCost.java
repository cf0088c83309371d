package dev.bonafide.engine;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The worst-case cost of a rule, estimated from its checked expression before it ever runs, with
 * the note and headline at their longest. Costs are in estimated nanoseconds on a 2-core server:
 * a node of the expression costs {@value #NODE}, a character built, copied or compared costs 1, a
 * regular-expression step (one instruction on one character) costs {@value #REGEX_STEP}. Sizes are
 * in characters for strings and elements for lists. The estimate leans high: each comprehension
 * runs over its whole range (at most the evaluation's iteration limit), every string is at its
 * longest, every branch is taken; an iteration's element is charged its share of the range. What
 * it cannot foresee, the run-time {@link EvaluationBudget} stops.
 *
 * <p>It exists so that a rule whose cost grows faster than the note's length (nested counted
 * repetition, strings built inside comprehensions) is refused when it is written, with the place
 * that costs too much, instead of stalling screenings when it runs.
 */
final class RuleCost {

    /** Estimated cost of evaluating one node of an expression. */
    static final long NODE = 20;

    /**
     * Estimated cost of one RE2 instruction on one character of input: RE2J's NFA measured about
     * 12 ns a step with every thread of the program alive, on a 5,000-character note.
     */
    static final long REGEX_STEP = 12;

    /** Longest note and headline a rule can be given (the request's own limits). */
    static final int MAX_MESSAGE_LENGTH = 5_000;

    static final int MAX_HEADLINE_LENGTH = 300;

    private static final long CAP = Long.MAX_VALUE / 4;

    /**
     * The estimate of one value: its cost to compute, its size (characters of a string, elements of
     * a list or map), for a list its largest element, and its weight: the characters and elements it
     * holds in all, nested ones included, which is what it weighs in memory.
     */
    record Estimate(long cost, long size, Estimate element, long weight) {

        static final Estimate SCALAR = new Estimate(NODE, 1, null);

        /** A value whose elements may all be as large as the largest. */
        Estimate(long cost, long size, Estimate element) {
            this(cost, size, element, element == null ? size : mul(size, Math.max(1, element.weight())));
        }

        static Estimate text(long cost, long length) {
            return new Estimate(cost, length, null);
        }

        Estimate withCost(long newCost) {
            return new Estimate(newCost, size, element, weight);
        }

        long elements() {
            return element == null ? 0 : size;
        }
    }

    /** Where an estimate first went over a limit. */
    record Excess(String message, int line, int column) {}

    /**
     * The whole rule's estimate, the largest value it may build, whether it loops, the literal
     * patterns it matches, and the first excess, if any.
     */
    record Result(
            long cost, long largestValue, boolean loops, Set<String> patterns, Set<String> facts, Excess excess) {}

    private final CelAbstractSyntaxTree ast;
    private final long maxCost;
    private final long maxValue;
    private final int maxIterations;
    private final Map<String, Estimate> scope = new HashMap<>();
    private final Set<String> patterns = new LinkedHashSet<>();
    private final Set<String> facts = new LinkedHashSet<>();
    private long largestValue;
    private boolean loops;
    private Excess excess;

    private RuleCost(CelAbstractSyntaxTree ast, long maxCost, long maxValue, int maxIterations) {
        this.ast = ast;
        this.maxCost = maxCost;
        this.maxValue = maxValue;
        this.maxIterations = maxIterations;
    }

    /**
     * Estimates a checked expression; the result names the first node whose cost or value size goes
     * over the limits, or none.
     */
    static Result estimate(CelAbstractSyntaxTree ast, long maxCost, long maxValue, int maxIterations) {
        RuleCost cost = new RuleCost(ast, maxCost, maxValue, maxIterations);
        Estimate whole = cost.of(ast.getExpr());
        return new Result(
                whole.cost(),
                cost.largestValue,
                cost.loops,
                Set.copyOf(cost.patterns),
                Set.copyOf(cost.facts),
                cost.excess);
    }

    private Estimate of(CelExpr expr) {
        Estimate estimate = switch (expr.getKind()) {
            case CONSTANT -> constant(expr.constant());
            case IDENT -> identifier(expr.ident().name());
            case SELECT -> of(expr.select().operand()).withCost(NODE);
            case LIST -> list(expr.list().elements());
            case MAP -> map(expr);
            case CALL -> call(expr);
            case COMPREHENSION -> comprehension(expr.comprehension());
            default -> Estimate.SCALAR;
        };
        check(expr, estimate);
        return estimate;
    }

    private void refuse(CelExpr expr, String message) {
        if (excess == null) {
            excess = at(expr, message);
        }
    }

    private void check(CelExpr expr, Estimate estimate) {
        largestValue = Math.max(largestValue, estimate.weight());
        if (excess != null) {
            return;
        }
        if (estimate.cost() > maxCost) {
            excess = at(
                    expr,
                    "is too costly: it may take about " + millis(estimate.cost())
                            + " ms on a " + String.format("%,d", MAX_MESSAGE_LENGTH)
                            + "-character note (a rule may take "
                            + millis(maxCost) + " ms)");
        } else if (estimate.weight() > maxValue) {
            excess = at(
                    expr,
                    "builds too large a value: up to " + String.format("%,d", estimate.weight())
                            + " characters or elements (at most " + String.format("%,d", maxValue) + ")");
        }
    }

    private Excess at(CelExpr expr, String message) {
        Integer offset = ast.getSource().getPositionsMap().get(expr.id());
        if (offset == null) {
            return new Excess(message, 0, 0);
        }
        Optional<CelSourceLocation> location = ast.getSource().getOffsetLocation(offset);
        return location.map(l -> new Excess(message, l.getLine(), l.getColumn() + 1))
                .orElse(new Excess(message, 0, 0));
    }

    static String millis(long nanos) {
        double ms = nanos / 1_000_000.0;
        return ms >= 10 ? String.format("%,d", Math.round(ms)) : String.format("%.1f", ms);
    }

    private static Estimate constant(CelConstant constant) {
        if (constant.getKind() == CelConstant.Kind.STRING_VALUE) {
            return Estimate.text(NODE, constant.stringValue().length());
        }
        return Estimate.SCALAR;
    }

    private Estimate identifier(String name) {
        Estimate bound = scope.get(name);
        if (bound != null) {
            return bound.withCost(NODE);
        }
        facts.add(name);
        if (name.equals(Fact.MESSAGE.factName())) {
            return Estimate.text(NODE, MAX_MESSAGE_LENGTH);
        }
        if (name.equals(Fact.HEADLINE.factName())) {
            return Estimate.text(NODE, MAX_HEADLINE_LENGTH);
        }
        return Estimate.SCALAR;
    }

    private Estimate list(List<CelExpr> elements) {
        long cost = NODE;
        long weight = elements.size();
        Estimate element = Estimate.SCALAR;
        for (CelExpr e : elements) {
            Estimate each = of(e);
            cost = add(cost, each.cost());
            weight = add(weight, each.weight());
            element = larger(element, each);
        }
        return new Estimate(cost, elements.size(), element, weight);
    }

    private Estimate map(CelExpr expr) {
        long cost = NODE;
        Estimate element = Estimate.SCALAR;
        for (CelExpr.CelMap.Entry entry : expr.map().entries()) {
            Estimate key = of(entry.key());
            Estimate value = of(entry.value());
            cost = add(cost, add(key.cost(), value.cost()));
            element = larger(element, larger(key, value));
        }
        return new Estimate(cost, expr.map().entries().size(), element);
    }

    private Estimate call(CelExpr expr) {
        CelExpr.CelCall call = expr.call();
        Estimate[] args = new Estimate[call.args().size() + (call.target().isPresent() ? 1 : 0)];
        int i = 0;
        if (call.target().isPresent()) {
            args[i++] = of(call.target().get());
        }
        for (CelExpr arg : call.args()) {
            args[i++] = of(arg);
        }
        long cost = NODE;
        for (Estimate arg : args) {
            cost = add(cost, arg.cost());
        }
        Estimate first = args.length > 0 ? args[0] : Estimate.SCALAR;
        Estimate second = args.length > 1 ? args[1] : Estimate.SCALAR;
        switch (call.function()) {
            case "_&&_",
                    "_||_",
                    "!_",
                    "_<_",
                    "_<=_",
                    "_>_",
                    "_>=_",
                    "_==_",
                    "_!=_",
                    "-_",
                    "_-_",
                    "_*_",
                    "_/_",
                    "_%_",
                    "size",
                    "int",
                    "uint",
                    "double",
                    "bool",
                    "startsWith",
                    "endsWith" -> {
                // Comparing strings or lists reads the shorter one.
                return new Estimate(add(cost, Math.min(first.weight(), Math.max(second.weight(), 1))), 1, null);
            }
            case "_?_:_" -> {
                Estimate yes = args[1];
                Estimate no = args[2];
                return new Estimate(
                        cost,
                        Math.max(yes.size(), no.size()),
                        larger(yes.element(), no.element()),
                        Math.max(yes.weight(), no.weight()));
            }
            case "_+_" -> {
                if (kind(expr) == CelKind.LIST) {
                    // Appending copies the elements appended.
                    return new Estimate(
                            add(cost, second.size()),
                            add(first.size(), second.size()),
                            larger(first.element(), second.element()),
                            add(first.weight(), second.weight()));
                }
                if (kind(expr) == CelKind.STRING) {
                    long length = add(first.size(), second.size());
                    return Estimate.text(add(cost, length), length);
                }
                return new Estimate(cost, 1, null);
            }
            case "_[_]" -> {
                Estimate element = first.element() == null ? Estimate.SCALAR : first.element();
                return element.withCost(cost);
            }
            case "@in" -> {
                return new Estimate(add(cost, mul(second.elements(), Math.max(1, first.weight()))), 1, null);
            }
            case "contains", "indexOf", "lastIndexOf" -> {
                // A naive search compares the needle at every position.
                return new Estimate(add(cost, mul(first.size(), Math.max(1, second.size()))), 1, null);
            }
            case "matches" -> {
                return new Estimate(add(cost, regexCost(call, first)), 1, null);
            }
            case "split" -> {
                // Up to one piece per character, together no longer than the text.
                long pieces = add(first.size(), 1);
                return new Estimate(
                        add(cost, mul(first.size(), 2)),
                        pieces,
                        Estimate.text(NODE, first.size()),
                        add(first.size(), pieces));
            }
            case "join" -> {
                long length = add(first.weight(), mul(first.size(), second.size()));
                return Estimate.text(add(cost, length), length);
            }
            case "lowerAscii", "upperAscii", "trim", "reverse", "substring", "string" -> {
                long length = Math.max(first.size(), 24);
                return Estimate.text(add(cost, length), length);
            }
            case "quote" -> {
                long length = add(mul(first.size(), 2), 2);
                return Estimate.text(add(cost, length), length);
            }
            case "charAt" -> {
                return Estimate.text(add(cost, first.size()), 1);
            }
            default -> {
                long weight = 0;
                for (Estimate arg : args) {
                    weight = add(weight, arg.weight());
                }
                return new Estimate(add(cost, weight), Math.max(1, weight), null);
            }
        }
    }

    /**
     * A literal pattern has a known program; any other pattern (the note itself, say) could be
     * anything, and is refused.
     */
    private long regexCost(CelExpr.CelCall call, Estimate text) {
        CelExpr pattern =
                call.target().isPresent() ? call.args().get(0) : call.args().get(1);
        if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            refuse(
                    pattern,
                    "must be a string literal: the pattern of matches() is fixed when the rule is written, "
                            + "so that its cost is known");
            return 0;
        }
        String literal = pattern.constant().stringValue();
        patterns.add(literal);
        long program = RegexSize.of(literal);
        if (program > RulesetCompiler.MAX_PATTERN_SIZE) {
            refuse(
                    pattern,
                    "is a regular expression of about " + String.format("%,d", program)
                            + " instructions (at most " + String.format("%,d", RulesetCompiler.MAX_PATTERN_SIZE)
                            + "): counted repetition inside counted repetition multiplies");
            return 0;
        }
        return mul(mul(Math.max(1, text.size()), add(program, 8)), REGEX_STEP);
    }

    private Estimate comprehension(CelExpr.CelComprehension loop) {
        loops = true;
        Estimate range = of(loop.iterRange());
        long iterations = Math.min(Math.max(range.elements(), 0), maxIterations);
        Estimate element = share(range, iterations);
        Estimate initial = of(loop.accuInit());

        Map<String, Estimate> saved = new HashMap<>(scope);
        scope.put(loop.iterVar(), element);
        if (!loop.iterVar2().isEmpty()) {
            scope.put(loop.iterVar2(), element);
        }
        scope.put(loop.accuVar(), initial);
        Estimate firstStep = of(loop.loopStep());
        // What the accumulator grows to: a list gains at most what one step appends, every iteration.
        Estimate accumulated;
        if (firstStep.element() != null) {
            long grown = add(initial.size(), mul(iterations, Math.max(0, firstStep.size() - initial.size())));
            long weight = add(initial.weight(), mul(iterations, Math.max(0, firstStep.weight() - initial.weight())));
            accumulated = new Estimate(NODE, grown, larger(initial.element(), firstStep.element()), weight);
        } else {
            accumulated = new Estimate(NODE, Math.max(initial.size(), firstStep.size()), null);
        }
        scope.put(loop.accuVar(), accumulated);
        Estimate condition = of(loop.loopCondition());
        Estimate step = of(loop.loopStep());
        Estimate result = of(loop.result());
        scope.clear();
        scope.putAll(saved);

        long perIteration = add(condition.cost(), step.cost());
        long cost = add(add(range.cost(), initial.cost()), add(mul(iterations, perIteration), result.cost()));
        return new Estimate(cost, result.size(), result.element());
    }

    /**
     * What one iteration's element stands for. The elements of a range together weigh no more than
     * the range (the pieces of a split note add up to the note), so an iteration is charged its
     * share of the range's weight, capped by the largest element: summed over the iterations, a
     * cost that grows with the element's size is then bounded by the range's weight.
     */
    private static Estimate share(Estimate range, long iterations) {
        Estimate largest = range.element() == null ? Estimate.SCALAR : range.element();
        if (iterations == 0) {
            return largest;
        }
        long each = Math.max(1, (range.weight() + iterations - 1) / iterations);
        if (largest.weight() <= each) {
            return largest;
        }
        return new Estimate(largest.cost(), Math.min(largest.size(), each), largest.element(), each);
    }

    private CelKind kind(CelExpr expr) {
        return ast.getType(expr.id()).map(CelType::kind).orElse(CelKind.DYN);
    }

    private static Estimate larger(Estimate a, Estimate b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.weight() >= b.weight() ? a : b;
    }

    private static long add(long a, long b) {
        return Math.min(CAP, a + b);
    }

    private static long mul(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > CAP / b ? CAP : Math.min(CAP, a * b);
    }
}
