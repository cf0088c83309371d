package dev.bonafide.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database cannot be reached" (503) rather than a server error (500). */
class DatabaseUnreachableTest {

    @Test
    void serverShuttingDownInTheCauseChainIsUnreachable() {
        RuntimeException e = new RuntimeException("commit failed", new SQLException("terminating connection", "57P01"));
        assertThat(ProblemMappers.databaseUnreachable(e)).isTrue();
    }

    @Test
    void driverErrorKeptAsSuppressedByAFailedCommitIsUnreachable() {
        IllegalStateException rollback = new IllegalStateException("Could not commit transaction");
        rollback.addSuppressed(new Exception("commit", new SQLException("terminating connection", "57P01")));
        assertThat(ProblemMappers.databaseUnreachable(new RuntimeException(rollback)))
                .isTrue();
    }

    @Test
    void constraintViolationIsNotUnreachable() {
        RuntimeException e = new RuntimeException(new SQLException("duplicate key", "23505"));
        assertThat(ProblemMappers.databaseUnreachable(e)).isFalse();
    }
}
