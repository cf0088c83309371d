package dev.bonafide.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits the points of a ruleset's rules to labelled screenings, as SpamAssassin fits its scores to
 * a corpus: a logistic regression of "genuine" (ACCEPTED) against "inauthentic" (REPORTED) on which
 * rules fired, on the score's own scale. The score {@code 50 + Σ points} is read as log-odds: the
 * midpoint of the thresholds is even odds, and the accept threshold means {@link #ACCEPT_ODDS} to 1
 * genuine (so the decline threshold means the same odds inauthentic). Each rule's points have a
 * Gaussian prior centred on the points it has, with a spread of {@code spread} points: a rule moves
 * far from its points only when many labels say so, and a rule that never fired stays where it is.
 * Solved by Newton's method; the score's clamp to 0..100 is not modelled.
 */
public final class PointsFit {

    /** The odds, genuine to inauthentic, that a score at the accept threshold stands for. */
    public static final double ACCEPT_ODDS = 9.0;

    private static final int MAX_ITERATIONS = 50;
    private static final double CONVERGED = 1e-9;

    /** Screenings that fired the same rules, and how many of them were ACCEPTED and REPORTED. */
    public static final class Pattern {
        final boolean[] fired;
        /** The indexes of the rules that fired: the work of a pattern grows with their square, not the ruleset's. */
        final int[] firedAt;

        long accepted;
        long reported;

        Pattern(boolean[] fired) {
            this.fired = fired;
            int n = 0;
            for (boolean f : fired) {
                n += f ? 1 : 0;
            }
            this.firedAt = new int[n];
            for (int j = 0, i = 0; j < fired.length; j++) {
                if (fired[j]) {
                    firedAt[i++] = j;
                }
            }
        }

        double z(double offset, double[] w) {
            double z = offset;
            for (int j : firedAt) {
                z += w[j];
            }
            return z;
        }
    }

    /** The fitted points (not rounded), and how many labels of each kind each rule fired on. */
    public record Result(double[] points, long[] firedAccepted, long[] firedReported, int iterations) {}

    private final int rules;
    private final Map<Key, Pattern> patterns = new HashMap<>();

    /** @param rules the number of rules (the length of every {@code fired} array) */
    public PointsFit(int rules) {
        this.rules = rules;
    }

    private record Key(boolean[] fired) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(fired, k.fired);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(fired);
        }
    }

    /** Counts one labelled screening by the rules that fired on it. */
    public void add(boolean[] fired, boolean accepted) {
        if (fired.length != rules) {
            throw new IllegalArgumentException("expected " + rules + " rules, got " + fired.length);
        }
        Pattern pattern = patterns.computeIfAbsent(new Key(fired.clone()), k -> new Pattern(k.fired()));
        if (accepted) {
            pattern.accepted++;
        } else {
            pattern.reported++;
        }
    }

    /** Distinct sets of fired rules counted so far. */
    public int patterns() {
        return patterns.size();
    }

    /** The scale: points per unit of log-odds, so that the accept threshold means {@link #ACCEPT_ODDS} to 1. */
    public static double pointsPerLogOdds(int acceptThreshold, int declineThreshold) {
        double half = (acceptThreshold - declineThreshold) / 2.0;
        return Math.max(half, 1.0) / Math.log(ACCEPT_ODDS);
    }

    /**
     * Fits the points.
     *
     * @param current the points the rules have now (the prior's centres)
     * @param spread the prior's standard deviation, in points
     */
    public Result fit(int[] current, int acceptThreshold, int declineThreshold, double spread) {
        if (current.length != rules) {
            throw new IllegalArgumentException("expected " + rules + " rules, got " + current.length);
        }
        double scale = pointsPerLogOdds(acceptThreshold, declineThreshold);
        double midpoint = (acceptThreshold + declineThreshold) / 2.0;
        double offset = (50 - midpoint) / scale;
        double priorPrecision = (scale * scale) / (spread * spread);
        double[] centre = new double[rules];
        double[] w = new double[rules];
        for (int j = 0; j < rules; j++) {
            centre[j] = current[j] / scale;
            w[j] = centre[j];
        }
        List<Pattern> all = List.copyOf(patterns.values());
        long[] firedAccepted = new long[rules];
        long[] firedReported = new long[rules];
        for (Pattern p : all) {
            for (int j : p.firedAt) {
                firedAccepted[j] += p.accepted;
                firedReported[j] += p.reported;
            }
        }
        int iteration = 0;
        while (iteration < MAX_ITERATIONS) {
            iteration++;
            double[] gradient = new double[rules];
            double[][] hessian = new double[rules][rules];
            for (int j = 0; j < rules; j++) {
                gradient[j] = -(w[j] - centre[j]) * priorPrecision;
                hessian[j][j] = priorPrecision;
            }
            for (Pattern p : all) {
                double genuine = 1 / (1 + Math.exp(-p.z(offset, w)));
                long n = p.accepted + p.reported;
                double residual = p.accepted - n * genuine;
                double weight = n * genuine * (1 - genuine);
                for (int j : p.firedAt) {
                    gradient[j] += residual;
                    for (int k : p.firedAt) {
                        hessian[j][k] += weight;
                    }
                }
            }
            double[] step = solve(hessian, gradient);
            // Newton's step, halved until the posterior does not fall: far from the optimum, where the
            // sigmoid is flat, a full step overshoots.
            double before = logPosterior(all, w, centre, offset, priorPrecision);
            double[] next = new double[rules];
            double size = 1;
            double largest = 0;
            for (int halvings = 0; halvings < 60; halvings++, size /= 2) {
                largest = 0;
                for (int j = 0; j < rules; j++) {
                    next[j] = w[j] + size * step[j];
                    largest = Math.max(largest, Math.abs(size * step[j]));
                }
                if (logPosterior(all, next, centre, offset, priorPrecision) >= before) {
                    break;
                }
            }
            System.arraycopy(next, 0, w, 0, rules);
            if (largest < CONVERGED) {
                break;
            }
        }
        double[] points = new double[rules];
        for (int j = 0; j < rules; j++) {
            points[j] = w[j] * scale;
        }
        return new Result(points, firedAccepted, firedReported, iteration);
    }

    /** The log of the posterior, up to a constant: the labels' log-likelihood and the prior's. */
    private double logPosterior(List<Pattern> all, double[] w, double[] centre, double offset, double precision) {
        double sum = 0;
        for (int j = 0; j < rules; j++) {
            sum -= precision * (w[j] - centre[j]) * (w[j] - centre[j]) / 2;
        }
        for (Pattern p : all) {
            double z = p.z(offset, w);
            // log sigma(z) and log (1 - sigma(z)), without overflow.
            double logGenuine = -softplus(-z);
            double logInauthentic = -softplus(z);
            sum += p.accepted * logGenuine + p.reported * logInauthentic;
        }
        return sum;
    }

    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** Solves {@code a x = b} for a symmetric positive definite {@code a} (Cholesky). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-300));
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
