package dev.bonafide.backtest;

import dev.bonafide.engine.Verdict;
import dev.bonafide.feedback.Outcome;
import dev.bonafide.idempotency.Idempotency;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage port for backtests: their state, which every instance reads, and the stored
 * screenings they replay, streamed.
 */
public interface BacktestStore {

    /** A backtest as stored; {@code request} and {@code result} are JSON. */
    record Row(
            UUID id,
            Instant createdAt,
            String requestedBy,
            BacktestState state,
            String request,
            Instant startedAt,
            Instant finishedAt,
            Instant heartbeatAt,
            Long total,
            long processed,
            boolean cancelRequested,
            String failure,
            String result) {}

    /** The screenings to replay: created from {@code from} (inclusive) to {@code to} (exclusive), of one app or all. */
    record Traffic(Instant from, Instant to, String appId) {}

    /**
     * A stored screening as a replay reads it: what it was scored with, what it saw (the facts by
     * name, and its texts unless erased), the outcome in force by feedback (null for none), and
     * the rules that fired when it was scored.
     */
    record StoredScreening(
            UUID id,
            String appId,
            long rulesetVersion,
            int score,
            Verdict verdict,
            Map<String, Object> facts,
            String message,
            String headline,
            boolean textsErased,
            Outcome outcome,
            List<String> firedRuleIds) {}

    /** Takes streamed screenings; false stops the stream. */
    interface Sink {
        boolean accept(StoredScreening screening);
    }

    /** Stores a new backtest and records the idempotency key in the same transaction. */
    void insert(Row row, Idempotency.Claim claim) throws SQLException;

    Optional<Row> find(UUID id) throws SQLException;

    /** Newest first, before the given creation time and id when given. */
    List<Row> page(Instant beforeCreatedAt, UUID beforeId, int limit) throws SQLException;

    /** QUEUED to RUNNING; false when it is no longer queued (cancelled meanwhile). */
    boolean start(UUID id, Instant now) throws SQLException;

    /** Writes a running backtest's progress and heartbeat; true when a cancel was asked for since. */
    boolean progress(UUID id, long processed, Long total, Instant now) throws SQLException;

    /** Finishes a queued or running backtest; false when it was already finished. */
    boolean finish(UUID id, BacktestState state, long processed, String result, String failure, Instant now)
            throws SQLException;

    /** Asks a queued or running backtest to stop; false when it is already finished. */
    boolean requestCancel(UUID id) throws SQLException;

    /** Refreshes the heartbeat of backtests this instance holds. */
    void touch(Collection<UUID> ids, Instant now) throws SQLException;

    /** Fails every queued or running backtest whose heartbeat is older than {@code before}; returns how many. */
    int failStale(Instant before, String failure, Instant now) throws SQLException;

    /** Deletes backtests finished before the given time; returns how many. */
    int purgeFinishedBefore(Instant before) throws SQLException;

    /** Screenings in the traffic. */
    long count(Traffic traffic) throws SQLException;

    /** Streams the traffic's screenings, in no particular order, reading a bounded number of rows at a time. */
    void replay(Traffic traffic, Sink sink) throws SQLException;

    /** Streams the traffic's screenings whose outcome in force is REPORTED or ACCEPTED, as {@link #replay} does. */
    void labelled(Traffic traffic, Sink sink) throws SQLException;
}
