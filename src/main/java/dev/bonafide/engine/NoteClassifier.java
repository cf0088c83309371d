package dev.bonafide.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A note classifier learnt from outcomes, as SpamAssassin's Bayes is: how often each token (a word
 * of the note, or two words in a row, normalised as the phrase lists read notes) appeared in notes
 * of requests that recipients REPORTED (inauthentic) and ACCEPTED (genuine). Immutable: a snapshot
 * of the stored counts, replaced as a whole when they change.
 *
 * <p>A note's probability of being inauthentic combines its tokens as SpamAssassin does: each
 * token's probability with Gary Robinson's correction for rare tokens (strength {@link #STRENGTH},
 * assumed {@link #ASSUMED}), the {@link #MAX_TOKENS} tokens furthest from neutral (none closer to it
 * than {@link #MIN_STRENGTH}), combined with
 * Fisher's inverse chi-square method into {@code (1 + H - S) / 2}.
 */
public final class NoteClassifier {

    /** Robinson's s: how many examples the assumed probability counts as. */
    static final double STRENGTH = 1.0;
    /** Robinson's x: the probability of a token never seen. */
    static final double ASSUMED = 0.5;
    /** The probability of a note the classifier knows nothing of. */
    public static final double NEUTRAL = 0.5;
    /** Tokens whose probability is closer than this to neutral do not count: they say nothing. */
    static final double MIN_STRENGTH = 0.1;
    /**
     * Labelled notes a token must have appeared in to count. One: leaving out tokens seen once (2, as
     * SpamAssassin can) changed one note in 463 on four folds of the tuning halves (docs/evaluation.md).
     */
    static final long MIN_NOTES = 1;
    /** The most significant tokens that count, at most (SpamAssassin's N_SIGNIFICANT_TOKENS). */
    static final int MAX_TOKENS = 150;
    /** Distinct tokens read from one note at most: the rest of a long note adds nothing. */
    public static final int MAX_NOTE_TOKENS = 500;
    /** A token longer than this is not kept (a pasted address, a run of digits). */
    public static final int MAX_TOKEN_LENGTH = 64;

    /** An untrained classifier: no examples, every note neutral. */
    public static final NoteClassifier EMPTY = new NoteClassifier(Map.of(), 0, 0, 200);

    /** Counts of one token: notes of each class it appeared in. */
    public record TokenCounts(long inauthentic, long genuine) {}

    /**
     * How tokens are read: Robinson's strength, the least distance from neutral a token needs to
     * count, and how many labelled notes a token must have appeared in to count at all.
     */
    public record Reading(double strength, double minStrength, long minNotes) {
        public static final Reading DEFAULT = new Reading(STRENGTH, MIN_STRENGTH, MIN_NOTES);
    }

    private final Map<String, TokenCounts> tokens;
    private final long inauthenticExamples;
    private final long genuineExamples;
    private final int minExamples;
    private final Reading reading;

    /**
     * @param tokens each token's counts (kept, not copied: the caller gives up the map)
     * @param minExamples examples of each class needed before {@link #trained()}
     */
    public NoteClassifier(
            Map<String, TokenCounts> tokens, long inauthenticExamples, long genuineExamples, int minExamples) {
        this(tokens, inauthenticExamples, genuineExamples, minExamples, Reading.DEFAULT);
    }

    /** As above, reading tokens in another way (for tuning). */
    public NoteClassifier(
            Map<String, TokenCounts> tokens,
            long inauthenticExamples,
            long genuineExamples,
            int minExamples,
            Reading reading) {
        this.reading = reading;
        this.tokens = tokens;
        this.inauthenticExamples = inauthenticExamples;
        this.genuineExamples = genuineExamples;
        this.minExamples = minExamples;
    }

    /** The same counts read in another way. */
    public NoteClassifier withReading(Reading other) {
        return new NoteClassifier(tokens, inauthenticExamples, genuineExamples, minExamples, other);
    }

    /** True once it learnt from at least the minimum examples of each class. */
    public boolean trained() {
        return inauthenticExamples >= minExamples && genuineExamples >= minExamples;
    }

    /** True once it learnt from at least one note of each class: before that, every note is {@link #NEUTRAL}. */
    public boolean hasExamples() {
        return inauthenticExamples > 0 && genuineExamples > 0;
    }

    public long inauthenticExamples() {
        return inauthenticExamples;
    }

    public long genuineExamples() {
        return genuineExamples;
    }

    public int distinctTokens() {
        return tokens.size();
    }

    /**
     * The tokens of a note: its words and each two words in a row, normalised (lower case, straight
     * apostrophes, punctuation as spaces), each at most once, at most {@link #MAX_NOTE_TOKENS}.
     */
    public static Set<String> tokens(String note) {
        Set<String> out = new LinkedHashSet<>();
        if (note == null || note.isEmpty()) {
            return out;
        }
        String[] words = PhraseBook.normalise(note).split(" ");
        String previous = null;
        for (String word : words) {
            if (word.isEmpty() || word.length() > MAX_TOKEN_LENGTH) {
                previous = null;
                continue;
            }
            add(out, word);
            if (previous != null) {
                add(out, previous + " " + word);
            }
            if (out.size() >= MAX_NOTE_TOKENS) {
                break;
            }
            previous = word;
        }
        return out;
    }

    private static void add(Set<String> out, String token) {
        if (token.length() <= MAX_TOKEN_LENGTH && out.size() < MAX_NOTE_TOKENS) {
            out.add(token);
        }
    }

    /** The probability, 0 to 1, that a note with these tokens is inauthentic; 0.5 when nothing is known. */
    public double probability(Set<String> noteTokens) {
        if (!hasExamples()) {
            return NEUTRAL;
        }
        List<Double> significant = new ArrayList<>();
        for (String token : noteTokens) {
            TokenCounts counts = tokens.get(token);
            if (counts == null || counts.inauthentic() + counts.genuine() < reading.minNotes()) {
                continue;
            }
            double f = tokenProbability(counts);
            if (Math.abs(f - ASSUMED) >= reading.minStrength()) {
                significant.add(f);
            }
        }
        return combine(significant);
    }

    /** Robinson's f(w): the token's probability, drawn toward {@link #ASSUMED} when it was seen rarely. */
    double tokenProbability(TokenCounts counts) {
        double bad = (double) counts.inauthentic() / inauthenticExamples;
        double good = (double) counts.genuine() / genuineExamples;
        double p = bad + good == 0 ? ASSUMED : bad / (bad + good);
        long n = counts.inauthentic() + counts.genuine();
        return (reading.strength() * ASSUMED + n * p) / (reading.strength() + n);
    }

    /**
     * Fisher's method over the most significant probabilities: H and S are the chi-square survival
     * of {@code -2 Σ ln f} and {@code -2 Σ ln (1 - f)} with {@code 2n} degrees of freedom; the result
     * is {@code (1 + H - S) / 2}.
     */
    static double combine(List<Double> probabilities) {
        if (probabilities.isEmpty()) {
            return NEUTRAL;
        }
        double[] sorted = probabilities.stream()
                .mapToDouble(Double::doubleValue)
                .boxed()
                .sorted((a, b) -> Double.compare(Math.abs(b - 0.5), Math.abs(a - 0.5)))
                .mapToDouble(Double::doubleValue)
                .limit(MAX_TOKENS)
                .toArray();
        double lnBad = 0;
        double lnGood = 0;
        for (double f : sorted) {
            lnBad += Math.log(f);
            lnGood += Math.log(1 - f);
        }
        int dof = 2 * sorted.length;
        double h = chi2Q(-2 * lnBad, dof);
        double s = chi2Q(-2 * lnGood, dof);
        return Math.max(0, Math.min(1, (1 + h - s) / 2));
    }

    /** The chi-square distribution's survival function for an even number of degrees of freedom. */
    static double chi2Q(double x2, int dof) {
        double m = x2 / 2;
        double term = Math.exp(-m);
        double sum = term;
        for (int i = 1; i < dof / 2; i++) {
            term *= m / i;
            sum += term;
        }
        return Math.min(sum, 1.0);
    }

    @Override
    public String toString() {
        return "NoteClassifier" + Arrays.asList(inauthenticExamples, genuineExamples, tokens.size());
    }
}
