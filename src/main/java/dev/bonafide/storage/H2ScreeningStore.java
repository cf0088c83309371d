package dev.bonafide.storage;

import dev.bonafide.screening.FactsConverter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.SortedSet;
import javax.sql.DataSource;

/** The screening store on H2: a requester's row is created or locked with one MERGE each. */
public final class H2ScreeningStore extends JdbcScreeningStore {

    /** Creates the (app, requester) row or, when it exists, locks it by updating it. */
    static final String MERGE_LOCK = "MERGE INTO requester_lock KEY (app_id, requester_id) VALUES (?, ?)";

    public H2ScreeningStore(DataSource dataSource, FactsConverter factsJson) {
        super(dataSource, factsJson, new Rollups.H2());
    }

    @Override
    protected void lock(Connection connection, SortedSet<Requester> requesters) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement(MERGE_LOCK)) {
            for (Requester requester : requesters) {
                merge.setString(1, requester.appId());
                merge.setString(2, requester.requesterId());
                merge.executeUpdate();
            }
        }
    }
}
