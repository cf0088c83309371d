package dev.bonafide.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Work on one pooled connection in one transaction: committed when it returns, rolled back when anything is thrown. */
final class Transactions {

    /** Work on the transaction's connection. */
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    private Transactions() {}

    static void run(DataSource dataSource, Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                restoreAutoCommit(connection);
            }
        }
    }

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is broken; the pool discards it when it is closed.
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // A broken connection: closing it lets the pool discard it.
        }
    }
}
