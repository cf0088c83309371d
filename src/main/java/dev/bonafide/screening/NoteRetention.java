package dev.bonafide.screening;

import dev.bonafide.config.BonafideConfig;
import dev.bonafide.config.Failures;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Notes are personal data: after {@code bonafide.retention.notes} (90 days by default) the note and
 * headline texts of a screening are erased, in batches, every hour. Fingerprint, facts, score,
 * verdict and reasons stay, so history facts and statistics keep working.
 */
@ApplicationScoped
public class NoteRetention {

    private static final Logger LOG = Logger.getLogger(NoteRetention.class);
    static final int BATCH = 500;

    private final Clock clock;
    private final Duration retention;
    private final ScreeningStore store;

    public NoteRetention(Clock clock, BonafideConfig config, ScreeningStore store) {
        this.clock = clock;
        this.retention = config.retention().notes();
        this.store = store;
    }

    @Scheduled(
            every = "${bonafide.retention.check-interval:1h}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            eraseExpired();
        } catch (RuntimeException e) {
            LOG.warnf("Could not erase notes past retention; will try again: %s", Failures.describe(e));
        }
    }

    /** Erases every note older than the retention period; returns how many. */
    public int eraseExpired() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant cutoff = now.minus(retention);
        int erased = 0;
        int batch;
        do {
            try {
                batch = store.eraseNotesBefore(cutoff, now, BATCH);
            } catch (SQLException e) {
                throw new IllegalStateException("Notes past retention could not be erased", e);
            }
            erased += batch;
        } while (batch == BATCH);
        if (erased > 0) {
            LOG.infof("Erased the notes of %d screenings older than %d days", erased, retention.toDays());
        }
        return erased;
    }
}
