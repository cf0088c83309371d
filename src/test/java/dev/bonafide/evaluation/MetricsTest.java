package dev.bonafide.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.Reason;
import dev.bonafide.engine.Verdict;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static Assessment assessment(Verdict verdict, String... rules) {
        List<Reason> reasons = Arrays.stream(rules)
                .map(id -> new Reason(id, id.equals("pitch") ? -25 : 10, id, null))
                .toList();
        return new Assessment(50, verdict, reasons, 1, List.of());
    }

    private static CorpusResult fixture() {
        CorpusResult r = new CorpusResult("fixture");
        r.add("spam", assessment(Verdict.DECLINE, "pitch"));
        r.add("spam", assessment(Verdict.DECLINE, "pitch"));
        r.add("spam", assessment(Verdict.REVIEW));
        r.add("spam", assessment(Verdict.ACCEPT, "reason"));
        r.add("ham", assessment(Verdict.DECLINE, "pitch"));
        r.add("ham", assessment(Verdict.REVIEW, "reason"));
        r.add("ham", assessment(Verdict.REVIEW));
        r.add("ham", assessment(Verdict.ACCEPT, "reason"));
        r.add("ham", assessment(Verdict.ACCEPT));
        return r;
    }

    @Test
    void countsLabelsAgainstVerdicts() {
        VerdictCounts v = fixture().verdicts();

        assertThat(v.count("spam", Verdict.DECLINE)).isEqualTo(2);
        assertThat(v.count("spam", Verdict.REVIEW)).isEqualTo(1);
        assertThat(v.count("ham", Verdict.ACCEPT)).isEqualTo(2);
        assertThat(v.total("spam")).isEqualTo(4);
        assertThat(v.total("ham")).isEqualTo(5);
        assertThat(v.notAccepted("ham")).isEqualTo(3);
        assertThat(v.total("nobody")).isZero();
        assertThat(v.share("nobody", Verdict.DECLINE)).isZero();
    }

    @Test
    void sharesPrecisionAndRecall() {
        CorpusResult r = fixture();

        assertThat(r.spamNotAcceptedShare()).isCloseTo(0.75, within(1e-9));
        assertThat(r.notAcceptRecall()).isEqualTo(r.spamNotAcceptedShare());
        assertThat(r.spamDeclinedShare()).isCloseTo(0.5, within(1e-9));
        assertThat(r.hamDeclinedShare()).isCloseTo(0.2, within(1e-9));
        assertThat(r.hamNotAcceptedShare()).isCloseTo(0.6, within(1e-9));
        // not ACCEPTed: 3 spam and 3 ham; DECLINEd: 2 spam and 1 ham
        assertThat(r.notAcceptPrecision()).isCloseTo(0.5, within(1e-9));
        assertThat(r.declinePrecision()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void ruleHitsPerLabelMostFrequentFirst() {
        CorpusResult r = fixture();

        assertThat(r.ruleHits("spam"))
                .containsExactly(
                        new CorpusResult.RuleHits("pitch", -25, 2, 0.5, 2),
                        new CorpusResult.RuleHits("reason", 10, 1, 0.25, 0));
        assertThat(r.ruleHits("ham"))
                .containsExactly(
                        new CorpusResult.RuleHits("reason", 10, 2, 0.4, 0),
                        new CorpusResult.RuleHits("pitch", -25, 1, 0.2, 1));
    }

    @Test
    void anEmptyCorpusHasZeroShares() {
        CorpusResult r = new CorpusResult("empty");

        assertThat(r.spamNotAcceptedShare()).isZero();
        assertThat(r.notAcceptPrecision()).isZero();
        assertThat(r.ruleHits("ham")).isEmpty();
    }
}
