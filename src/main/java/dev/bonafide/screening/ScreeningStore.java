package dev.bonafide.screening;

import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.engine.Verdict;
import dev.bonafide.idempotency.Idempotency;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage port of screenings: all the group commit, previews, reads and erasure need of the
 * database, with one implementation per SQL dialect in {@code dev.bonafide.storage}, chosen at
 * start-up from the configured database kind. It alone maps the screening tables.
 *
 * <p>History is counted per app: requester ids are each app's own, so every lock and every count is
 * of one (app, requester). A transaction that locks a requester holds the lock until it ends, so
 * history counted under the lock sees every screening of that requester committed before, on every
 * instance, and none committed after.
 */
public interface ScreeningStore {

    /** A requester as one app knows it. Ordered by app, then requester: the order locks are taken in. */
    record Requester(String appId, String requesterId) implements Comparable<Requester> {
        public Requester {
            Objects.requireNonNull(appId, "appId");
            Objects.requireNonNull(requesterId, "requesterId");
        }

        @Override
        public int compareTo(Requester other) {
            int byApp = appId.compareTo(other.appId);
            return byApp != 0 ? byApp : requesterId.compareTo(other.requesterId);
        }
    }

    /** What to count for one screening: the history of this requester in this app. */
    record Lookup(String appId, String requesterId, String fingerprint, String recipientId) {}

    /** Which screenings a page holds; null means no filter. */
    record Filter(String appId, Verdict verdict, String requesterId, String recipientId, Instant from, Instant to) {}

    /** Where a page starts: after the screening of this time and id, in (time, id) descending order. */
    record After(Instant createdAt, UUID id) {}

    /** A screening with its reasons, or empty when there is none of this id. */
    Optional<Screening> find(UUID id) throws SQLException;

    /**
     * Up to {@code limit} screenings, newest first (by time, then id), after {@code after} when it
     * is not null.
     */
    List<Screening> page(Filter filter, After after, int limit) throws SQLException;

    /**
     * Erases the personal texts of one screening, in one transaction: the note and the headline,
     * and so every quotation of them, since explanations hold them as placeholders; an explanation
     * stored before the placeholders were kept is replaced whole ({@link
     * Screening#ERASED_EXPLANATION}), since it may quote a cut part of a text. The fingerprint,
     * facts (which hold no text), score, verdict and the reasons' rule ids and points stay. False
     * when there is no screening of this id; erasing twice changes nothing.
     */
    boolean eraseNote(UUID id, Instant now) throws SQLException;

    /**
     * Erases the texts of up to {@code limit} screenings created before {@code cutoff} whose texts
     * are kept, as {@link #eraseNote} does, in one transaction; returns how many.
     */
    int eraseNotesBefore(Instant cutoff, Instant now, int limit) throws SQLException;

    /** Begins a transaction; the caller commits or rolls it back, and closes it. */
    Transaction begin() throws SQLException;

    /**
     * The history facts of one request, read outside any screening's transaction and without a
     * lock (a preview).
     */
    HistoryFacts history(Lookup lookup, Instant now) throws SQLException;

    /** One transaction of the group commit. */
    interface Transaction extends AutoCloseable {

        /**
         * Takes the row locks of these requesters until the transaction ends, creating rows for
         * those seen for the first time, in {@link Requester} order, so that two transactions
         * locking overlapping sets wait for each other instead of deadlocking.
         */
        void lockRequesters(Collection<Requester> requesters) throws SQLException;

        /**
         * The history facts of each lookup, counted from what this transaction sees, in the order
         * given. The lookups of one call must not share a requester: each would miss the other.
         */
        List<HistoryFacts> countHistoryUnderLock(List<Lookup> lookups, Instant now) throws SQLException;

        /** Inserts screenings with their reasons. */
        void insert(List<Screening> screenings) throws SQLException;

        /** Records an idempotency key with the screening it answered, in this transaction. */
        void recordKey(Idempotency.Claim claim, int status, String resourceId) throws SQLException;

        void commit() throws SQLException;

        void rollback() throws SQLException;

        /**
         * Ends the transaction (rolled back if neither committed nor rolled back) and frees it.
         * Never throws: what happened to the transaction is known by then.
         */
        @Override
        void close();
    }
}
