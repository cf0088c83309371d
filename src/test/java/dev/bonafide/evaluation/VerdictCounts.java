package dev.bonafide.evaluation;

import dev.bonafide.engine.Verdict;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** How many items of each label got each verdict. Not thread-safe; filled once, then read. */
public final class VerdictCounts {

    private final Map<String, EnumMap<Verdict, Integer>> byLabel = new LinkedHashMap<>();

    /** Counts with the labels in this order, each starting at zero. */
    public VerdictCounts(String... labels) {
        for (String label : labels) {
            byLabel.put(label, zeros());
        }
    }

    public void add(String label, Verdict verdict) {
        byLabel.computeIfAbsent(label, l -> zeros()).merge(verdict, 1, Integer::sum);
    }

    public int count(String label, Verdict verdict) {
        EnumMap<Verdict, Integer> counts = byLabel.get(label);
        return counts == null ? 0 : counts.get(verdict);
    }

    public int total(String label) {
        EnumMap<Verdict, Integer> counts = byLabel.get(label);
        return counts == null
                ? 0
                : counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Items of the label that were not ACCEPTed (REVIEW or DECLINE). */
    public int notAccepted(String label) {
        return total(label) - count(label, Verdict.ACCEPT);
    }

    /** Share of the label's items that got the verdict, 0 when the label has none. */
    public double share(String label, Verdict verdict) {
        return ratio(count(label, verdict), total(label));
    }

    public double notAcceptedShare(String label) {
        return ratio(notAccepted(label), total(label));
    }

    public Iterable<String> labels() {
        return Collections.unmodifiableSet(byLabel.keySet());
    }

    private static EnumMap<Verdict, Integer> zeros() {
        EnumMap<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        return counts;
    }

    static double ratio(int part, int whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }
}
