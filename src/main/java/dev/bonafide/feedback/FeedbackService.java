package dev.bonafide.feedback;

import dev.bonafide.config.Failures;
import dev.bonafide.engine.Verdict;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.storage.SqlFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records what recipients did. Of two outcomes for one screening, the one that happened later is
 * in force, whatever order they arrive in; sending the outcome in force again changes nothing, so
 * a retry is harmless without an Idempotency-Key.
 */
@ApplicationScoped
public class FeedbackService {

    private static final Logger LOG = Logger.getLogger(FeedbackService.class);

    /** How far ahead of the service's clock an outcome may be dated (clocks differ). */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    @Inject
    FeedbackStore store;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    /** The feedback in force after the call, and whether this call recorded it first. */
    public record Answer(FeedbackView feedback, boolean created) {}

    public Answer record(UUID screeningId, FeedbackRequest request, String appId, String recordedBy) {
        if (request.reason() != null && request.outcome() != Outcome.REPORTED) {
            throw Refusal.invalidField("reason", "is only for the outcome REPORTED");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (request.occurredAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw Refusal.invalidField("occurredAt", "is in the future: when the recipient did it, not when it is due");
        }
        FeedbackStore.Recorded recorded;
        try {
            recorded = store.record(new FeedbackStore.Submission(
                    screeningId,
                    appId,
                    request.outcome(),
                    request.reason(),
                    request.occurredAt().truncatedTo(ChronoUnit.MILLIS),
                    recordedBy,
                    now));
        } catch (FeedbackStore.CommitUnconfirmed e) {
            LOG.warnf("A feedback commit was not confirmed: %s", Failures.describe(e));
            throw Refusal.outcomeUnknown(
                    "the feedback", "Send the same feedback again: if it was stored, nothing changes.");
        } catch (SQLException e) {
            throw failed(e);
        }
        return switch (recorded.result()) {
            case RECORDED -> {
                count(request.outcome(), recorded.verdict());
                yield new Answer(recorded.feedback(), true);
            }
            case REPLACED -> {
                count(request.outcome(), recorded.verdict());
                yield new Answer(recorded.feedback(), false);
            }
            case UNCHANGED -> new Answer(recorded.feedback(), false);
            case OLDER_THAN_CURRENT ->
                throw Refusal.conflict(
                        "The outcome in force happened at "
                                + recorded.feedback().occurredAt()
                                + ", after this one; it stays. Send a later occurredAt to replace it.",
                        null);
            case TOO_MANY_CHANGES ->
                throw Refusal.conflict(
                        "This screening's outcome has been recorded " + FeedbackStore.MAX_CHANGES
                                + " times, the most that is kept; it cannot change again.",
                        null);
            case BEFORE_SCREENING -> throw Refusal.invalidField("occurredAt", "is before the screening was made");
            case NO_SCREENING -> throw notFound(screeningId);
        };
    }

    /** A screening's feedback: empty when none was sent; 404 when the app has no such screening. */
    public Optional<FeedbackView> find(UUID screeningId, String onlyOfApp) {
        try {
            return store.find(screeningId, onlyOfApp);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    static Refusal notFound(UUID screeningId) {
        return Refusal.notFound("No screening has the id " + screeningId + ".");
    }

    private static Refusal failed(SQLException e) {
        if (SqlFailures.unreachable(e) || SqlFailures.retryable(e)) {
            return Refusal.storeUnavailable();
        }
        LOG.errorf("Feedback could not be stored: %s", Failures.describe(e));
        return Refusal.notStored("the feedback");
    }

    private void count(Outcome outcome, Verdict verdict) {
        Counter.builder("bonafide.feedback")
                .description("Outcomes recorded (first or changed), by outcome and by the verdict they answer")
                .tag("outcome", outcome.name())
                .tag("verdict", verdict.name())
                .register(registry)
                .increment();
    }
}
