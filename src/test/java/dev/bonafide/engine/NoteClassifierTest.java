package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The classifier's arithmetic, against values worked out by hand. */
class NoteClassifierTest {

    /** Two notes of each class: "prize" only in the inauthentic ones, "meeting" only in the genuine. */
    static final NoteClassifier TWO_EACH = new NoteClassifier(
            Map.of(
                    "prize", new NoteClassifier.TokenCounts(2, 0),
                    "meeting", new NoteClassifier.TokenCounts(0, 2),
                    "hello", new NoteClassifier.TokenCounts(1, 1)),
            2,
            2,
            2);

    @Test
    void tokensAreNormalisedWordsAndPairsOnce() {
        assertThat(NoteClassifier.tokens("Hi, I\u2019m Dana! Hi"))
                .containsExactly("hi", "i'm", "hi i'm", "dana", "i'm dana", "dana hi");
        assertThat(NoteClassifier.tokens(null)).isEmpty();
        assertThat(NoteClassifier.tokens("  ...  ")).isEmpty();
    }

    @Test
    void aNoteYieldsAtMostItsBoundOfTokensAndNoLongOnes() {
        String longWord = "x".repeat(NoteClassifier.MAX_TOKEN_LENGTH + 1);
        assertThat(NoteClassifier.tokens("call " + longWord + " now")).containsExactly("call", "now");
        StringBuilder note = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            note.append("w").append(i).append(' ');
        }
        assertThat(NoteClassifier.tokens(note.toString())).hasSize(NoteClassifier.MAX_NOTE_TOKENS);
    }

    @Test
    void aTokensProbabilityIsDrawnTowardNeutralWhenRare() {
        // bad = 2/2, good = 0/2: p = 1; seen twice: f = (1 * 0.5 + 2 * 1) / (1 + 2) = 5/6.
        assertThat(TWO_EACH.tokenProbability(new NoteClassifier.TokenCounts(2, 0)))
                .isCloseTo(5.0 / 6, within(1e-12));
        // Seen in none of the genuine and one inauthentic: f = (0.5 + 1) / 2 = 0.75.
        assertThat(TWO_EACH.tokenProbability(new NoteClassifier.TokenCounts(1, 0)))
                .isCloseTo(0.75, within(1e-12));
        // As often in both: neutral.
        assertThat(TWO_EACH.tokenProbability(new NoteClassifier.TokenCounts(1, 1)))
                .isCloseTo(0.5, within(1e-12));
    }

    @Test
    void anotherReadingChangesStrengthAndLeavesOutRareTokens() {
        // Strength 3: f = (3 * 0.5 + 2 * 1) / (3 + 2) = 0.7.
        NoteClassifier strong = TWO_EACH.withReading(new NoteClassifier.Reading(3, 0.1, 1));
        assertThat(strong.tokenProbability(new NoteClassifier.TokenCounts(2, 0)))
                .isCloseTo(0.7, within(1e-12));
        // A token must have been seen in three notes to count: "prize" (two) says nothing.
        NoteClassifier floor = TWO_EACH.withReading(new NoteClassifier.Reading(1, 0.1, 3));
        assertThat(floor.probability(Set.of("prize"))).isEqualTo(NoteClassifier.NEUTRAL);
        assertThat(TWO_EACH.probability(Set.of("prize"))).isCloseTo(5.0 / 6, within(1e-12));
    }

    @Test
    void oneTokenGivesItsOwnProbability() {
        // H = Q(-2 ln 5/6, 2) = 5/6 and S = Q(-2 ln 1/6, 2) = 1/6, so (1 + H - S) / 2 = 5/6.
        assertThat(TWO_EACH.probability(Set.of("prize"))).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(TWO_EACH.probability(Set.of("meeting"))).isCloseTo(1.0 / 6, within(1e-12));
    }

    @Test
    void twoTokensCombineByFishersMethod() {
        // H = Q(-4 ln 5/6, 4) = (5/6)^2 (1 - 2 ln 5/6) = 0.947669...; S = (1/6)^2 (1 - 2 ln 1/6) = 0.127320...
        double h = Math.pow(5.0 / 6, 2) * (1 - 2 * Math.log(5.0 / 6));
        double s = Math.pow(1.0 / 6, 2) * (1 - 2 * Math.log(1.0 / 6));
        assertThat(h).isCloseTo(0.947669, within(1e-6));
        assertThat(NoteClassifier.combine(List.of(5.0 / 6, 5.0 / 6))).isCloseTo((1 + h - s) / 2, within(1e-12));
        assertThat((1 + h - s) / 2).isCloseTo(0.910174, within(1e-6));
    }

    @Test
    void neutralAndUnknownTokensSayNothing() {
        assertThat(TWO_EACH.probability(Set.of("hello", "never-seen"))).isEqualTo(0.5);
        assertThat(TWO_EACH.probability(Set.of("prize", "hello"))).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(NoteClassifier.EMPTY.probability(Set.of("prize"))).isEqualTo(0.5);
    }

    @Test
    void itIsTrainedOnlyWithTheMinimumOfEachClass() {
        assertThat(TWO_EACH.trained()).isTrue();
        assertThat(new NoteClassifier(Map.of(), 200, 199, 200).trained()).isFalse();
        assertThat(new NoteClassifier(Map.of(), 200, 200, 200).trained()).isTrue();
        assertThat(NoteClassifier.EMPTY.trained()).isFalse();
    }

    @Test
    void chiSquareSurvivalMatchesKnownValues() {
        // Q(x, 2) = e^(-x/2); Q(x, 4) = e^(-x/2) (1 + x/2).
        assertThat(NoteClassifier.chi2Q(2.0, 2)).isCloseTo(Math.exp(-1), within(1e-15));
        assertThat(NoteClassifier.chi2Q(3.0, 4)).isCloseTo(Math.exp(-1.5) * 2.5, within(1e-15));
        assertThat(NoteClassifier.chi2Q(0.0, 10)).isEqualTo(1.0);
    }
}
