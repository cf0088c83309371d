package dev.bonafide.evaluation;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The goals the default ruleset is held to (the project's issue 18), checked against a report. The
 * shares are judged on the test parts of the corpora, which no phrase or weight was chosen on.
 */
public final class Goals {

    /** One goal: a measure of the report, and the least (or the most) it may be. */
    public record Goal(
            String measure, ToDoubleFunction<Evaluation.Report> value, boolean atLeast, double target, boolean count) {

        public double of(Evaluation.Report report) {
            return value.applyAsDouble(report);
        }

        public boolean isMet(Evaluation.Report report) {
            double v = of(report);
            return atLeast ? v >= target : v <= target;
        }
    }

    public static final List<Goal> ALL = List.of(
            share(
                    "YouTube comments, test part: spam not ACCEPTed",
                    r -> r.youtubeParts().test().spamNotAcceptedShare(),
                    true,
                    0.95),
            share(
                    "YouTube comments, test part: spam DECLINEd",
                    r -> r.youtubeParts().test().spamDeclinedShare(),
                    true,
                    0.80),
            share(
                    "YouTube comments, test part: ham DECLINEd",
                    r -> r.youtubeParts().test().hamDeclinedShare(),
                    false,
                    0.02),
            share(
                    "SMS messages, test part: spam not ACCEPTed",
                    r -> r.smsParts().test().spamNotAcceptedShare(),
                    true,
                    0.95),
            share(
                    "SMS messages, test part: ham DECLINEd",
                    r -> r.smsParts().test().hamDeclinedShare(),
                    false,
                    0.01),
            count(
                    "Accounts: real people DECLINEd by network size alone (any reading of the size)",
                    r -> maxHumansDeclined(r.accounts()),
                    0));

    private Goals() {}

    /** The most real people DECLINEd by the network-size rules, over the three readings of the size. */
    public static int maxHumansDeclined(AccountsResult accounts) {
        int max = 0;
        for (AccountsResult.Measure m : AccountsResult.Measure.values()) {
            max = Math.max(max, accounts.declined(m, Datasets.HUMAN));
        }
        return max;
    }

    private static Goal share(
            String measure, ToDoubleFunction<Evaluation.Report> value, boolean atLeast, double target) {
        return new Goal(measure, value, atLeast, target, false);
    }

    private static Goal count(String measure, ToDoubleFunction<Evaluation.Report> value, int atMost) {
        return new Goal(measure, value, false, atMost, true);
    }
}
