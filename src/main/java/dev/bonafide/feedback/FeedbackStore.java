package dev.bonafide.feedback;

import dev.bonafide.engine.Verdict;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage port for feedback: records an outcome with its change history and the statistics it
 * moves, in one transaction under the screening's lock, so parallel senders are applied one after
 * another.
 */
public interface FeedbackStore {

    /** The most outcomes kept for one screening; beyond it a change is refused. */
    int MAX_CHANGES = 100;

    /** An outcome to record for a screening of {@code appId}. */
    record Submission(
            UUID screeningId,
            String appId,
            Outcome outcome,
            ReportReason reason,
            Instant occurredAt,
            String recordedBy,
            Instant now) {}

    /** What recording did. */
    enum Result {
        /** The first outcome for the screening. */
        RECORDED,
        /** A later outcome replaced the one in force. */
        REPLACED,
        /** The same outcome as the one in force: nothing changed (a retry). */
        UNCHANGED,
        /** The outcome in force happened after this one: nothing changed. */
        OLDER_THAN_CURRENT,
        /** The screening already has {@link #MAX_CHANGES} outcomes. */
        TOO_MANY_CHANGES,
        /** The outcome is dated before the screening. */
        BEFORE_SCREENING,
        /** No screening of this app has the id. */
        NO_SCREENING
    }

    /** The result, the screening's verdict, and its feedback as it is after the call. */
    record Recorded(Result result, Verdict verdict, FeedbackView feedback) {}

    /** The database did not confirm the commit: the outcome may or may not be stored. */
    final class CommitUnconfirmed extends SQLException {
        public CommitUnconfirmed(SQLException cause) {
            super("the commit was not confirmed", cause.getSQLState(), cause);
        }
    }

    /**
     * Records the outcome unless the one in force is the same or happened later. Throws
     * {@link CommitUnconfirmed} when the commit itself failed.
     */
    Recorded record(Submission submission) throws SQLException;

    /** A screening's feedback; with an app id, only when that app created the screening. */
    Optional<FeedbackView> find(UUID screeningId, String onlyOfApp) throws SQLException;
}
