package dev.bonafide.evaluation;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.Verdict;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What the network-size rules alone did to the labelled accounts, with each account's network size
 * read three ways: its followers, the accounts it follows, and the larger of the two. An account is
 * "pushed toward DECLINE" when its score falls below the neutral {@value #NEUTRAL}.
 */
public final class AccountsResult {

    /** Every request starts from this score. */
    public static final int NEUTRAL = 50;

    /** Which count of an account stands for the requester's network size. */
    public enum Measure {
        FOLLOWERS("followers", Datasets.Account::followers),
        FOLLOWING("following", Datasets.Account::following),
        LARGER("larger of the two", a -> Math.max(a.followers(), a.following()));

        private final String title;
        private final ToLongFunction<Datasets.Account> size;

        Measure(String title, ToLongFunction<Datasets.Account> size) {
            this.title = title;
            this.size = size;
        }

        public String title() {
            return title;
        }

        public long size(Datasets.Account account) {
            return size.applyAsLong(account);
        }
    }

    private final List<String> ruleIds;
    private final Map<Measure, VerdictCounts> verdicts = new EnumMap<>(Measure.class);
    private final Map<Measure, VerdictCounts> belowNeutral = new EnumMap<>(Measure.class);

    /** @param ruleIds the rules that judged the accounts: those of the ruleset that look at network size alone */
    public AccountsResult(List<String> ruleIds) {
        this.ruleIds = List.copyOf(ruleIds);
        for (Measure m : Measure.values()) {
            verdicts.put(m, new VerdictCounts(Datasets.HUMAN, Datasets.FAKE));
            belowNeutral.put(m, new VerdictCounts(Datasets.HUMAN, Datasets.FAKE));
        }
    }

    public void add(Measure measure, String label, Assessment assessment) {
        verdicts.get(measure).add(label, assessment.verdict());
        if (assessment.score() < NEUTRAL) {
            belowNeutral.get(measure).add(label, assessment.verdict());
        }
    }

    public List<String> ruleIds() {
        return ruleIds;
    }

    public VerdictCounts verdicts(Measure measure) {
        return verdicts.get(measure);
    }

    public int total(String label) {
        return verdicts.get(Measure.FOLLOWERS).total(label);
    }

    public int declined(Measure measure, String label) {
        return verdicts.get(measure).count(label, Verdict.DECLINE);
    }

    public double declinedShare(Measure measure, String label) {
        return verdicts.get(measure).share(label, Verdict.DECLINE);
    }

    public double reviewedShare(Measure measure, String label) {
        return verdicts.get(measure).share(label, Verdict.REVIEW);
    }

    /** Accounts whose score the network-size rules took below {@value #NEUTRAL}. */
    public int belowNeutral(Measure measure, String label) {
        return belowNeutral.get(measure).total(label);
    }

    public double belowNeutralShare(Measure measure, String label) {
        return VerdictCounts.ratio(belowNeutral(measure, label), total(label));
    }
}
