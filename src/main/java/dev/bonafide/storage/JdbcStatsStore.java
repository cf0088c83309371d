package dev.bonafide.storage;

import dev.bonafide.engine.Verdict;
import dev.bonafide.feedback.Outcome;
import dev.bonafide.stats.StatsStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Statistics in standard SQL: the hourly counts of a window added up (shards included), four
 * indexed range reads whose size depends on the hours, versions and rules in the window, not on
 * how many screenings there are.
 */
public final class JdbcStatsStore implements StatsStore {

    private static final String WINDOW = " WHERE bucket_hour >= ? AND bucket_hour < ?";
    private static final String APP = " AND app_id = ?";

    static final String VERDICTS = "SELECT bucket_hour, ruleset_version, verdict, sum(screenings) FROM stats_verdict";
    static final String VERDICTS_GROUP = " GROUP BY bucket_hour, ruleset_version, verdict";
    static final String RULES = "SELECT ruleset_version, rule_id, sum(fired) FROM stats_rule";
    static final String RULES_GROUP = " GROUP BY ruleset_version, rule_id";
    static final String OUTCOMES = "SELECT ruleset_version, verdict, outcome, sum(labels) FROM stats_outcome";
    static final String OUTCOMES_GROUP = " GROUP BY ruleset_version, verdict, outcome";
    static final String RULE_OUTCOMES = "SELECT ruleset_version, rule_id, outcome, sum(labels) FROM stats_rule_outcome";
    static final String RULE_OUTCOMES_GROUP = " GROUP BY ruleset_version, rule_id, outcome";

    private final DataSource dataSource;

    public JdbcStatsStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Counts counts(Window window) throws SQLException {
        List<VerdictCount> verdicts = new ArrayList<>();
        List<RuleCount> rules = new ArrayList<>();
        List<OutcomeCount> outcomes = new ArrayList<>();
        List<RuleOutcomeCount> ruleOutcomes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (ResultSet row = query(connection, VERDICTS, VERDICTS_GROUP, window)) {
                while (row.next()) {
                    verdicts.add(new VerdictCount(
                            row.getObject(1, OffsetDateTime.class).toInstant(),
                            row.getLong(2),
                            Verdict.valueOf(row.getString(3)),
                            row.getLong(4)));
                }
            }
            try (ResultSet row = query(connection, RULES, RULES_GROUP, window)) {
                while (row.next()) {
                    rules.add(new RuleCount(row.getLong(1), row.getString(2), row.getLong(3)));
                }
            }
            try (ResultSet row = query(connection, OUTCOMES, OUTCOMES_GROUP, window)) {
                while (row.next()) {
                    outcomes.add(new OutcomeCount(
                            row.getLong(1),
                            Verdict.valueOf(row.getString(2)),
                            Outcome.valueOf(row.getString(3)),
                            row.getLong(4)));
                }
            }
            try (ResultSet row = query(connection, RULE_OUTCOMES, RULE_OUTCOMES_GROUP, window)) {
                while (row.next()) {
                    ruleOutcomes.add(new RuleOutcomeCount(
                            row.getLong(1), row.getString(2), Outcome.valueOf(row.getString(3)), row.getLong(4)));
                }
            }
        }
        return new Counts(verdicts, rules, outcomes, ruleOutcomes);
    }

    /** The statement is closed with its result set's connection, which the caller closes. */
    private static ResultSet query(Connection connection, String select, String group, Window window)
            throws SQLException {
        PreparedStatement query =
                connection.prepareStatement(select + WINDOW + (window.appId() == null ? "" : APP) + group);
        query.closeOnCompletion();
        query.setObject(1, JdbcScreeningStore.utc(window.from()));
        query.setObject(2, JdbcScreeningStore.utc(window.to()));
        if (window.appId() != null) {
            query.setString(3, window.appId());
        }
        return query.executeQuery();
    }
}
