package dev.bonafide.evaluation;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.Reason;
import dev.bonafide.engine.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a ruleset did to one corpus of texts labelled spam or ham: the table of labels against
 * verdicts, the shares the goals are set on, and how often each rule fired on each label.
 */
public final class CorpusResult {

    /** How often one rule fired on the texts of one label, and on how many of those that ended DECLINEd. */
    public record RuleHits(String ruleId, int points, int fired, double share, int firedOnDeclined) {}

    private final String name;
    private final VerdictCounts verdicts = new VerdictCounts(Datasets.SPAM, Datasets.HAM);
    private final Map<String, Map<String, int[]>> hitsByLabel = new LinkedHashMap<>();
    private final Map<String, Integer> pointsByRule = new HashMap<>();

    public CorpusResult(String name) {
        this.name = name;
        hitsByLabel.put(Datasets.SPAM, new LinkedHashMap<>());
        hitsByLabel.put(Datasets.HAM, new LinkedHashMap<>());
    }

    /** Counts one text of the label and what the ruleset made of it. */
    public void add(String label, Assessment assessment) {
        verdicts.add(label, assessment.verdict());
        Map<String, int[]> hits = hitsByLabel.computeIfAbsent(label, l -> new LinkedHashMap<>());
        for (Reason reason : assessment.reasons()) {
            int[] counts = hits.computeIfAbsent(reason.ruleId(), id -> new int[2]);
            counts[0]++;
            if (assessment.verdict() == Verdict.DECLINE) {
                counts[1]++;
            }
            pointsByRule.put(reason.ruleId(), reason.points());
        }
    }

    public String name() {
        return name;
    }

    public VerdictCounts verdicts() {
        return verdicts;
    }

    public int spam() {
        return verdicts.total(Datasets.SPAM);
    }

    public int ham() {
        return verdicts.total(Datasets.HAM);
    }

    /** Share of spam not ACCEPTed: the recall of "not ACCEPT" as a spam detector. */
    public double spamNotAcceptedShare() {
        return verdicts.notAcceptedShare(Datasets.SPAM);
    }

    public double spamDeclinedShare() {
        return verdicts.share(Datasets.SPAM, Verdict.DECLINE);
    }

    public double hamDeclinedShare() {
        return verdicts.share(Datasets.HAM, Verdict.DECLINE);
    }

    public double hamNotAcceptedShare() {
        return verdicts.notAcceptedShare(Datasets.HAM);
    }

    /** Of the texts not ACCEPTed, the share that is spam. */
    public double notAcceptPrecision() {
        int spam = verdicts.notAccepted(Datasets.SPAM);
        return VerdictCounts.ratio(spam, spam + verdicts.notAccepted(Datasets.HAM));
    }

    /** Of the spam, the share not ACCEPTed (the same as {@link #spamNotAcceptedShare()}). */
    public double notAcceptRecall() {
        return spamNotAcceptedShare();
    }

    /** Of the texts DECLINEd, the share that is spam. */
    public double declinePrecision() {
        int spam = verdicts.count(Datasets.SPAM, Verdict.DECLINE);
        return VerdictCounts.ratio(spam, spam + verdicts.count(Datasets.HAM, Verdict.DECLINE));
    }

    /** The rules that fired on texts of the label, most often first (ties by rule id). */
    public List<RuleHits> ruleHits(String label) {
        int total = verdicts.total(label);
        List<RuleHits> hits = new ArrayList<>();
        hitsByLabel
                .getOrDefault(label, Map.of())
                .forEach((id, counts) -> hits.add(new RuleHits(
                        id, pointsByRule.get(id), counts[0], VerdictCounts.ratio(counts[0], total), counts[1])));
        hits.sort(Comparator.comparingInt(RuleHits::fired).reversed().thenComparing(RuleHits::ruleId));
        return hits;
    }
}
