package dev.bonafide.engine;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What one phase of a screening's rule evaluation may spend: a time and a number of value units
 * (each step of a rule costs one, plus the characters of every string and the elements of every
 * list or map it produces). CEL calls the budget after every step of a watched rule; when either
 * is spent, the rule is stopped by an exception, so it does not fire, and the rules after it in
 * the same phase are not run.
 *
 * <p>The time is read from a ticker (CPU time of the evaluating thread in production, so that a
 * busy machine does not make a rule fail) every {@value #STEPS_PER_TICK} steps; a single step, such
 * as one regular-expression match, is bounded by the compile-time estimate instead. Not thread-safe:
 * one budget serves one evaluation on one thread.
 */
final class EvaluationBudget implements CelEvaluationListener {

    /** Why a rule was stopped; carries no stack trace, as it is expected and frequent under attack. */
    static final class Exceeded extends RuntimeException {

        Exceeded(String message) {
            super(message, null, false, false);
        }
    }

    static final int STEPS_PER_TICK = 16;

    private final LongSupplier ticker;
    private final long deadline;
    private long unitsLeft;
    private int stepsUntilTick = STEPS_PER_TICK;

    EvaluationBudget(LongSupplier ticker, long nanos, long units) {
        this.ticker = ticker;
        this.deadline = ticker.getAsLong() + nanos;
        this.unitsLeft = units;
    }

    /** True when the time is spent: the next watched rule is not started. */
    boolean spent() {
        return unitsLeft < 0 || ticker.getAsLong() - deadline > 0;
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        unitsLeft -= 1 + weight(value);
        if (unitsLeft < 0) {
            throw new Exceeded("built more values than a screening's budget allows");
        }
        if (--stepsUntilTick == 0) {
            stepsUntilTick = STEPS_PER_TICK;
            if (ticker.getAsLong() - deadline > 0) {
                throw new Exceeded("ran longer than a screening's budget allows");
            }
        }
    }

    private static long weight(Object value) {
        if (value instanceof CharSequence text) {
            return text.length();
        }
        if (value instanceof Collection<?> collection) {
            return collection.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        return 0;
    }
}
