package dev.bonafide.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.feedback.FeedbackRequest;
import dev.bonafide.feedback.FeedbackService;
import dev.bonafide.feedback.Outcome;
import dev.bonafide.screening.ScreeningRequest;
import dev.bonafide.screening.ScreeningService;
import dev.bonafide.screening.ScreeningView;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Once an app's feedback has taught the classifier enough notes of each kind, its screenings see
 * the classifier's probability, and the default rules in bands fire with it; another app's do not.
 */
@QuarkusTest
@TestProfile(ClassifierFactsTest.FewExamples.class)
class ClassifierFactsTest {

    /**
     * Trained after 3 notes of each kind, and snapshots looked at again every 100 ms. On the
     * embedded database the restarted application gets a database of its own, as in
     * StorageTruthTest: H2 keeps the earlier tests' in-memory database open across the restart and
     * then refuses its check constraints as invalid.
     */
    public static class FewExamples implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(Map.of(
                    "bonafide.classifier.min-examples", "3",
                    "bonafide.classifier.refresh-interval", "100ms"));
            if (System.getProperty("%test.quarkus.datasource.db-kind", "h2").equals("h2")) {
                overrides.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:classifier-facts;DB_CLOSE_DELAY=-1");
            }
            return overrides;
        }
    }

    static final String[] SPAM = {
        "Claim your free prize now, click the link to win cash",
        "Win a free prize today, claim your cash now",
        "Free cash prize waiting, claim now and win"
    };
    static final String[] GENUINE = {
        "Great meeting you at the data conference, let's keep in touch about the caching project",
        "We worked together on the caching project at Acme, great to see you here",
        "Lovely meeting you at the conference last week, let's keep in touch"
    };

    @Inject
    ScreeningService screenings;

    @Inject
    FeedbackService feedback;

    @Inject
    NoteModels models;

    @Inject
    Clock clock;

    private ScreeningView screen(String app, String note) {
        return screenings
                .screen(new ScreeningRequest(note, 3L, 200L, null, "r-" + UUID.randomUUID(), false), app, null)
                .value();
    }

    @Test
    void aTrainedClassifierMovesTheAppsVerdictsAndNoOtherAppsOnes() throws InterruptedException {
        String app = "learning-" + UUID.randomUUID();
        String other = "learning-" + UUID.randomUUID();
        ScreeningView before = screen(app, "Claim your free cash prize now");
        assertThat(before.facts()).containsEntry("classifierTrained", false);
        assertThat(before.facts()).containsEntry("noteInauthenticProbability", 0.5);

        for (String note : SPAM) {
            feedback.record(
                    screen(app, note).id(), new FeedbackRequest(Outcome.REPORTED, null, clock.instant()), app, app);
        }
        for (String note : GENUINE) {
            feedback.record(
                    screen(app, note).id(), new FeedbackRequest(Outcome.ACCEPTED, null, clock.instant()), app, app);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!models.model(app).trained()) {
            assertThat(System.nanoTime()).as("the snapshot is refreshed").isLessThan(deadline);
            Thread.sleep(50);
        }

        ScreeningView spam = screen(app, "Claim your free cash prize now");
        assertThat(spam.facts()).containsEntry("classifierTrained", true).containsEntry("classifierExamples", 6L);
        double probability = (Double) spam.facts().get("noteInauthenticProbability");
        assertThat(probability).isGreaterThanOrEqualTo(0.8);
        assertThat(spam.reasons()).anySatisfy(r -> {
            assertThat(r.ruleId()).isEqualTo(probability >= 0.999 ? "learnt-inauthentic-999" : "learnt-inauthentic-80");
            assertThat(r.points()).isEqualTo(probability >= 0.999 ? -20 : -10);
            assertThat(r.explanation()).contains("from 6 notes recipients labelled");
        });
        assertThat(spam.score()).isLessThan(before.score());

        ScreeningView genuine = screen(app, "Great meeting you at the conference, let's keep in touch");
        assertThat((Double) genuine.facts().get("noteInauthenticProbability")).isLessThanOrEqualTo(0.1);
        assertThat(genuine.reasons()).anySatisfy(r -> assertThat(r.ruleId()).startsWith("learnt-genuine-"));

        ScreeningView elsewhere = screen(other, "Claim your free cash prize now");
        assertThat(elsewhere.facts())
                .containsEntry("classifierTrained", false)
                .containsEntry("noteInauthenticProbability", 0.5);
        assertThat(elsewhere.reasons()).noneSatisfy(r -> assertThat(r.ruleId()).startsWith("learnt-"));
    }
}
