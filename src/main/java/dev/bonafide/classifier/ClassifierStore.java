package dev.bonafide.classifier;

import dev.bonafide.engine.NoteClassifier;
import dev.bonafide.idempotency.Idempotency;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The storage port of the note classifier's counts, and of its bulk trainings. */
public interface ClassifierStore {

    /** A model's example counts and when they last changed (millis), without its tokens. */
    record Examples(long inauthentic, long genuine, long changedAtMillis) {}

    /** One bulk training as stored: its progress while it runs, what it learnt when done. */
    record Training(
            UUID id,
            String scope,
            String state,
            Instant startedAt,
            Instant updatedAt,
            Long bytesTotal,
            long bytesRead,
            long examplesRead,
            long inauthentic,
            long genuine,
            long skipped,
            String failure) {}

    /** The examples of a scope, if it learnt anything. */
    Optional<Examples> examples(String scope) throws SQLException;

    /** Every token of a scope with its counts (tokens whose counts are both 0 left out). */
    default Map<String, NoteClassifier.TokenCounts> tokens(String scope) throws SQLException {
        return tokens(scope, Integer.MAX_VALUE);
    }

    /** The {@code limit} tokens of a scope seen in the most notes, with their counts. */
    Map<String, NoteClassifier.TokenCounts> tokens(String scope, int limit) throws SQLException;

    /** Tokens a scope knows (those whose counts are both 0 left out). */
    long tokenCount(String scope) throws SQLException;

    /** Forgets everything a scope learnt (its trainings' records stay). */
    void reset(String scope) throws SQLException;

    /** Records a bulk training as RUNNING, before it reads anything. */
    void startTraining(UUID id, String scope, String requestedBy, Long bytesTotal, Instant now) throws SQLException;

    /** Records how far a running training has read. */
    void trainingProgress(UUID id, long bytesRead, long examplesRead, Instant now) throws SQLException;

    /**
     * In one transaction: adds what a training learnt to its scope's counts, records it DONE with its
     * figures, and records the Idempotency-Key through the claim.
     */
    void finishTraining(
            Training done, Map<String, NoteClassifier.TokenCounts> learnt, Instant now, Idempotency.Claim claim)
            throws SQLException;

    /** Records a training FAILED, with how far it read: nothing it read was learnt. */
    void failTraining(UUID id, long bytesRead, long examplesRead, String failure, Instant now) throws SQLException;

    /** Forgets a training's record (a retry answered from an earlier upload's result). */
    void forgetTraining(UUID id) throws SQLException;

    /** One training, whatever its scope. */
    Optional<Training> training(UUID id) throws SQLException;

    /** A scope's trainings, newest first. */
    List<Training> trainings(String scope, int limit) throws SQLException;
}
