package dev.bonafide.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.engine.NoteClassifier;
import dev.bonafide.feedback.FeedbackRequest;
import dev.bonafide.feedback.FeedbackService;
import dev.bonafide.feedback.Outcome;
import dev.bonafide.screening.ScreeningRequest;
import dev.bonafide.screening.ScreeningService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Feedback teaches the note classifier in its own transaction: REPORTED one class, ACCEPTED the
 * other, IGNORED nothing; a changed outcome unlearns the old one; each app teaches its own model.
 */
@QuarkusTest
class ClassifierLearningTest {

    @Inject
    ScreeningService screenings;

    @Inject
    FeedbackService feedback;

    @Inject
    ClassifierStore store;

    @Inject
    Clock clock;

    private UUID screen(String app, String note) {
        return screenings
                .screen(new ScreeningRequest(note, 3L, 200L, null, "r-" + UUID.randomUUID(), false), app, null)
                .value()
                .id();
    }

    private void label(String app, UUID id, Outcome outcome, int secondsLater) {
        feedback.record(
                id,
                new FeedbackRequest(outcome, null, clock.instant().plus(Duration.ofSeconds(secondsLater))),
                app,
                app);
    }

    private Map<String, NoteClassifier.TokenCounts> tokens(String app) throws SQLException {
        return store.tokens(app);
    }

    @Test
    void reportsAndAcceptancesTeachTheirClassAndAChangeUnlearnsTheOld() throws SQLException {
        String app = "classifier-" + UUID.randomUUID();
        UUID prize = screen(app, "Claim your prize now!");
        UUID meeting = screen(app, "Nice meeting you at the conference");
        UUID ignored = screen(app, "Claim this");
        label(app, prize, Outcome.REPORTED, 0);
        label(app, meeting, Outcome.ACCEPTED, 0);
        label(app, ignored, Outcome.IGNORED, 0);

        assertThat(store.examples(app)).get().satisfies(e -> {
            assertThat(e.inauthentic()).isEqualTo(1);
            assertThat(e.genuine()).isEqualTo(1);
        });
        Map<String, NoteClassifier.TokenCounts> learnt = tokens(app);
        assertThat(learnt)
                .containsEntry("claim", new NoteClassifier.TokenCounts(1, 0))
                .containsEntry("claim your", new NoteClassifier.TokenCounts(1, 0))
                .containsEntry("meeting", new NoteClassifier.TokenCounts(0, 1))
                .doesNotContainKey("this");
        assertThat(learnt)
                .hasSize(NoteClassifier.tokens("Claim your prize now!").size()
                        + NoteClassifier.tokens("Nice meeting you at the conference")
                                .size());

        // The recipient accepted it after all: the note moves to the other class.
        label(app, prize, Outcome.ACCEPTED, 5);
        assertThat(store.examples(app)).get().satisfies(e -> {
            assertThat(e.inauthentic()).isZero();
            assertThat(e.genuine()).isEqualTo(2);
        });
        assertThat(tokens(app)).containsEntry("claim", new NoteClassifier.TokenCounts(0, 1));
        // Then ignored it: nothing of it stays learnt.
        label(app, prize, Outcome.IGNORED, 10);
        assertThat(tokens(app)).doesNotContainKey("claim").containsKey("meeting");
        assertThat(store.examples(app))
                .get()
                .satisfies(e -> assertThat(e.genuine()).isEqualTo(1));
    }

    @Test
    void eachAppTeachesItsOwnModelAndANoteLessOrErasedRequestTeachesNothing() throws SQLException {
        String app = "classifier-" + UUID.randomUUID();
        String other = "classifier-" + UUID.randomUUID();
        label(app, screen(app, "Buy followers cheap"), Outcome.REPORTED, 0);
        label(app, screen(app, null), Outcome.REPORTED, 0);
        UUID erased = screen(app, "Secret crypto tip");
        screenings.eraseNote(erased);
        label(app, erased, Outcome.REPORTED, 0);

        assertThat(store.examples(app))
                .get()
                .satisfies(e -> assertThat(e.inauthentic()).isEqualTo(1));
        assertThat(tokens(app)).containsKey("followers").doesNotContainKey("crypto");
        assertThat(store.examples(other)).isEmpty();
        assertThat(tokens(other)).isEmpty();

        store.reset(app);
        assertThat(store.examples(app)).isEmpty();
        assertThat(tokens(app)).isEmpty();
    }
}
