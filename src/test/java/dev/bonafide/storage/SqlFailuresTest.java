package dev.bonafide.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database cannot be reached" (503) rather than a server error (500). */
class SqlFailuresTest {

    @Test
    void serverShuttingDownInTheCauseChainIsUnreachable() {
        RuntimeException e = new RuntimeException("commit failed", new SQLException("terminating connection", "57P01"));
        assertThat(SqlFailures.unreachable(e)).isTrue();
    }

    @Test
    void driverErrorKeptAsSuppressedByAFailedCommitIsUnreachable() {
        IllegalStateException rollback = new IllegalStateException("Could not commit transaction");
        rollback.addSuppressed(new Exception("commit", new SQLException("terminating connection", "57P01")));
        assertThat(SqlFailures.unreachable(new RuntimeException(rollback))).isTrue();
    }

    @Test
    void constraintViolationIsNotUnreachable() {
        RuntimeException e = new RuntimeException(new SQLException("duplicate key", "23505"));
        assertThat(SqlFailures.unreachable(e)).isFalse();
    }

    @Test
    void deadlocksAndSerializationFailuresOfBothDialectsAreRetried() {
        assertThat(SqlFailures.retryable(new SQLException("deadlock detected", "40P01")))
                .isTrue();
        assertThat(SqlFailures.retryable(new RuntimeException(new SQLException("could not serialize", "40001"))))
                .isTrue();
        assertThat(SqlFailures.retryable(new SQLException("Timeout trying to lock table", "HYT00")))
                .isTrue();
        assertThat(SqlFailures.retryable(new SQLException("duplicate key", "23505")))
                .isFalse();
    }

    @Test
    void aConstraintIsAnIntegrityViolationAndAValueTooLongIsNot() {
        assertThat(SqlFailures.integrityViolation(new RuntimeException(new SQLException("duplicate key", "23505"))))
                .isTrue();
        assertThat(SqlFailures.integrityViolation(new SQLException("value too long", "22001")))
                .isFalse();
    }
}
