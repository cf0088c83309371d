package dev.bonafide.screening;

import dev.bonafide.config.BonafideConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

    public NoteRetention(Clock clock, BonafideConfig config) {
        this.clock = clock;
        this.retention = config.retention().notes();
    }

    @Scheduled(
            every = "${bonafide.retention.check-interval:1h}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            eraseExpired();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Could not erase notes past retention; will try again: %s",
                    dev.bonafide.config.Failures.describe(e));
        }
    }

    /** Erases every note older than the retention period; returns how many. */
    public int eraseExpired() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant cutoff = now.minus(retention);
        int erased = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> {
                List<Screening> due = Screening.<Screening>find("noteErasedAt is null and createdAt < ?1", cutoff)
                        .page(0, BATCH)
                        .list();
                due.forEach(s -> s.eraseNote(now));
                return due.size();
            });
            erased += batch;
        } while (batch == BATCH);
        if (erased > 0) {
            LOG.infof("Erased the notes of %d screenings older than %d days", erased, retention.toDays());
        }
        return erased;
    }
}
