package dev.bonafide;

import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Tests: how many rows a table of the service's database holds, read over JDBC. */
public final class StoredRows {

    private StoredRows() {}

    /** The rows of a table; the name is the test's own constant, never input. */
    public static long count(String table) {
        DataSource dataSource = Arc.container().instance(DataSource.class).get();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Rows of " + table + " could not be counted", e);
        }
    }
}
