package dev.bonafide.screening;

import dev.bonafide.engine.HistoryFacts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * History facts from stored screenings. Callers hold the requester's lock (see {@link #lock}) for the
 * whole screening transaction, so parallel requests from one requester are counted one after another
 * and each sees the ones committed before it. Each fact is one query over at most
 * {@value HistoryFacts#COUNT_CAP} index entries of this requester, whatever the size of the table.
 */
@ApplicationScoped
public class RequesterHistory {

    private static final Logger LOG = Logger.getLogger(RequesterHistory.class);

    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);
    static final Duration WEEK = Duration.ofDays(7);

    static final String RECENT = """
            SELECT count(*),
                   coalesce(sum(CASE WHEN created_at >= ?2 THEN 1 ELSE 0 END), 0),
                   coalesce(sum(CASE WHEN created_at >= ?3 THEN 1 ELSE 0 END), 0),
                   coalesce(sum(CASE WHEN verdict = 'DECLINE' THEN 1 ELSE 0 END), 0)
            FROM (SELECT created_at, verdict FROM screening
                  WHERE requester_id = ?1 AND created_at >= ?4
                  ORDER BY created_at DESC
                  LIMIT %d) recent
            """.formatted(HistoryFacts.COUNT_CAP);

    static final String SAME_NOTE = """
            SELECT count(DISTINCT recipient_id)
            FROM (SELECT recipient_id FROM screening
                  WHERE requester_id = ?1 AND note_fingerprint = ?2 AND created_at >= ?3 AND recipient_id IS NOT NULL
                  ORDER BY created_at DESC
                  LIMIT %d) same
            """.formatted(HistoryFacts.COUNT_CAP);

    static final String SAME_NOTE_OTHER_RECIPIENTS = SAME_NOTE + "WHERE recipient_id <> ?4\n";

    private final EntityManager em;
    private final boolean postgres;

    public RequesterHistory(EntityManager em, @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this.em = em;
        this.postgres = dbKind.toLowerCase(java.util.Locale.ROOT).startsWith("postgres");
    }

    /**
     * Takes the requester's row lock for the current transaction, creating the row on PostgreSQL;
     * false when the requester has no row yet on H2 (create it with {@link #createRow} outside this
     * transaction and try again). Blocks while another screening of the same requester is in flight.
     */
    boolean lock(String requesterId) {
        if (tryLock(requesterId)) {
            return true;
        }
        if (!postgres) {
            return false;
        }
        // PostgreSQL creates the row inside this transaction: a concurrent creator makes this insert
        // wait and then do nothing, instead of failing the transaction.
        em.createNativeQuery("INSERT INTO requester_lock (requester_id) VALUES (?1) ON CONFLICT DO NOTHING")
                .setParameter(1, requesterId)
                .executeUpdate();
        return tryLock(requesterId);
    }

    private boolean tryLock(String requesterId) {
        return !em.createNativeQuery("SELECT requester_id FROM requester_lock WHERE requester_id = ?1 FOR UPDATE")
                .setParameter(1, requesterId)
                .getResultList().isEmpty();
    }

    /** Creates the requester's row in a transaction of its own; a row created meanwhile is fine. */
    void createRow(String requesterId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> em
                    .createNativeQuery("INSERT INTO requester_lock (requester_id) VALUES (?1)")
                    .setParameter(1, requesterId)
                    .executeUpdate());
        } catch (RuntimeException e) {
            LOG.debugf("Requester row created concurrently: %s", e.getMessage());
        }
    }

    /** The history facts of a request, counted before it; call with the requester's lock held. */
    HistoryFacts read(String requesterId, String fingerprint, String recipientId, Instant now) {
        Object[] recent = (Object[]) em.createNativeQuery(RECENT)
                .setParameter(1, requesterId)
                .setParameter(2, now.minus(HOUR))
                .setParameter(3, now.minus(DAY))
                .setParameter(4, now.minus(WEEK))
                .getSingleResult();
        long week = number(recent[0]);
        long hour = number(recent[1]);
        long day = number(recent[2]);
        long declined = number(recent[3]);
        long sameNote = 0;
        if (fingerprint != null) {
            var query = em.createNativeQuery(recipientId == null ? SAME_NOTE : SAME_NOTE_OTHER_RECIPIENTS)
                    .setParameter(1, requesterId)
                    .setParameter(2, fingerprint)
                    .setParameter(3, now.minus(WEEK));
            if (recipientId != null) {
                query.setParameter(4, recipientId);
            }
            sameNote = number(query.getSingleResult());
        }
        return new HistoryFacts(hour, day, week, week == 0 ? 0.0 : (double) declined / week, sameNote);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
