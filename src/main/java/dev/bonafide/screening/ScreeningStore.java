package dev.bonafide.screening;

import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.idempotency.Idempotency;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The storage port of screenings: all the group commit and previews need of the database, with one
 * implementation per SQL dialect in {@code dev.bonafide.storage}, chosen at start-up from the
 * configured database kind. Reading stored screenings back (by id, as pages) is done with Hibernate
 * ORM on the {@link Screening} entity.
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
