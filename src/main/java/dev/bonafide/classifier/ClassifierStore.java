package dev.bonafide.classifier;

import dev.bonafide.engine.NoteClassifier;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** The storage port of the note classifier's counts. */
public interface ClassifierStore {

    /** A model's example counts and when they last changed (millis), without its tokens. */
    record Examples(long inauthentic, long genuine, long changedAtMillis) {}

    /** The examples of a scope, if it learnt anything. */
    Optional<Examples> examples(String scope) throws SQLException;

    /** Every token of a scope with its counts (tokens whose counts are both 0 left out). */
    Map<String, NoteClassifier.TokenCounts> tokens(String scope) throws SQLException;

    /** Forgets everything a scope learnt. */
    void reset(String scope) throws SQLException;
}
