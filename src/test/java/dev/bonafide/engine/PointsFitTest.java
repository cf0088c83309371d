package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The points fit against values computed by hand. */
class PointsFitTest {

    private static final double WIDE = 1e6;

    @Test
    void theScaleMakesTheAcceptThresholdNineToOne() {
        // (65 - 35) / 2 = 15 points stand for ln 9 of log-odds.
        assertThat(PointsFit.pointsPerLogOdds(65, 35)).isCloseTo(15 / Math.log(9), within(1e-12));
        assertThat(PointsFit.pointsPerLogOdds(80, 20)).isCloseTo(30 / Math.log(9), within(1e-12));
    }

    @Test
    void aRuleWhoseScreeningsWereNineInTenAcceptedLandsOnTheAcceptThreshold() {
        PointsFit fit = new PointsFit(1);
        for (int i = 0; i < 9; i++) {
            fit.add(new boolean[] {true}, true);
        }
        fit.add(new boolean[] {true}, false);
        // With no prior to speak of, the maximum-likelihood log-odds is ln(9/1): 15 points, 50 + 15 = 65.
        PointsFit.Result result = fit.fit(new int[] {0}, 65, 35, WIDE);
        assertThat(result.points()[0]).isCloseTo(15.0, within(1e-4));
        assertThat(result.firedAccepted()).containsExactly(9);
        assertThat(result.firedReported()).containsExactly(1);
    }

    @Test
    void theOffsetFollowsTheThresholds() {
        // Thresholds 75/45: the midpoint 60 is even odds, so 50 starts at -10 points of log-odds.
        // Half accepted: the rule must bring 50 to 60, +10 points.
        PointsFit fit = new PointsFit(1);
        fit.add(new boolean[] {true}, true);
        fit.add(new boolean[] {true}, false);
        assertThat(fit.fit(new int[] {0}, 75, 45, WIDE).points()[0]).isCloseTo(10.0, within(1e-4));
    }

    @Test
    void thePriorHoldsPointsWhereTheyAreOnLittleEvidence() {
        PointsFit fit = new PointsFit(2);
        fit.add(new boolean[] {true, false}, false);
        // One REPORTED screening against a prior of 10 points: the rule moves down, by less than the data
        // alone would take it. The maximum of -ln(1 + e^w) - (w - w0)^2 / (2 s^2) solves
        // -sigma(w) = (w - w0) / s^2, with w0 = 0 and s = 10 / scale.
        double scale = PointsFit.pointsPerLogOdds(65, 35);
        double s2 = Math.pow(10 / scale, 2);
        double w = 0;
        for (int i = 0; i < 200; i++) {
            w = -s2 / (1 + Math.exp(-w));
        }
        PointsFit.Result result = fit.fit(new int[] {0, -7}, 65, 35, 10);
        assertThat(result.points()[0])
                .isCloseTo(w * scale, within(1e-6))
                .isLessThan(0)
                .isGreaterThan(-10);
        // A rule that never fired stays exactly where it was.
        assertThat(result.points()[1]).isCloseTo(-7.0, within(1e-9));
    }

    @Test
    void twoRulesFiringTogetherAreToldApartByTheScreeningsWhereOnlyOneFired() {
        PointsFit fit = new PointsFit(2);
        for (int i = 0; i < 100; i++) {
            fit.add(new boolean[] {true, true}, i < 10); // 10 % accepted when both fired
            fit.add(new boolean[] {true, false}, i < 90); // 90 % accepted when only the first did
        }
        PointsFit.Result result = fit.fit(new int[] {5, 5}, 65, 35, WIDE);
        // First alone: ln 9 -> +15; both: ln(1/9) -> -15, so the second is -30.
        assertThat(result.points()[0]).isCloseTo(15.0, within(1e-3));
        assertThat(result.points()[1]).isCloseTo(-30.0, within(1e-3));
        assertThat(fit.patterns()).isEqualTo(2);
    }

    @Test
    void aFarStartOnTheFlatOfTheSigmoidStillConverges() {
        // Points of +25 where 112 of 122 were REPORTED: a full Newton step from there overshoots.
        PointsFit fit = new PointsFit(1);
        for (int i = 0; i < 122; i++) {
            fit.add(new boolean[] {true}, i < 10);
        }
        double expected = PointsFit.pointsPerLogOdds(65, 35) * Math.log(10.0 / 112);
        assertThat(fit.fit(new int[] {25}, 65, 35, WIDE).points()[0]).isCloseTo(expected, within(1e-4));
    }

    @Test
    void choleskySolvesASmallSystem() {
        // [4 2; 2 3] x = [2; 1] -> x = [0.5; 0]
        double[] x = PointsFit.solve(new double[][] {{4, 2}, {2, 3}}, new double[] {2, 1});
        assertThat(x[0]).isCloseTo(0.5, within(1e-12));
        assertThat(x[1]).isCloseTo(0.0, within(1e-12));
    }
}
