package dev.bonafide.storage;

import dev.bonafide.config.Failures;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What a database failure means, from its SQL state, for both dialects: the one list of the states
 * the service acts on.
 */
public final class SqlFailures {

    private SqlFailures() {}

    /**
     * A connection that cannot be opened or was lost: SQL state class 08, a server shutting down or
     * starting (57P01 to 57P03), or a pool that timed out acquiring a connection.
     */
    public static boolean unreachable(Throwable e) {
        return Failures.anyCause(e, t -> {
            if (t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                String message = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
                return (state != null && (state.startsWith("08") || state.startsWith("57P")))
                        || message.contains("acquisition timeout")
                        || message.contains("connection is closed")
                        || message.contains("connection refused");
            }
            return false;
        });
    }

    /**
     * A deadlock or a serialization failure, after which the whole transaction may simply be tried
     * again: PostgreSQL's 40P01 and 40001, H2's 40001 and lock time-out HYT00.
     */
    public static boolean retryable(Throwable e) {
        return Failures.anyCause(
                e,
                t -> t instanceof SQLException sql
                        && sql.getSQLState() != null
                        && (sql.getSQLState().equals("40P01")
                                || sql.getSQLState().equals("40001")
                                || sql.getSQLState().equals("HYT00")));
    }

    /** SQL state class 23: a constraint, such as an idempotency key stored concurrently. */
    public static boolean integrityViolation(Throwable e) {
        return Failures.anyCause(
                e,
                t -> t instanceof SQLException sql
                        && sql.getSQLState() != null
                        && sql.getSQLState().startsWith("23"));
    }
}
