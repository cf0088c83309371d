package dev.bonafide.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The statistics tables: counts by app, hour, ruleset version and one or two more keys, added to in
 * the transaction that stores what they count. Rows are added to in one order (the key's), so two
 * transactions never wait for each other in a cycle; the screening tables have shards, one per
 * writer thread, so that parallel writers do not wait for each other at all. A dialect says how
 * to add to a row that may not exist yet.
 */
public abstract class Rollups {

    /** Shards of the screening tables: enough for every writer thread of a few instances. */
    static final int SHARDS = 16;

    /** Picks this instance's shards apart from another instance's. */
    private static final int INSTANCE_SALT = ThreadLocalRandom.current().nextInt(SHARDS);

    /**
     * A table of counts. Its key columns are those of {@link Key}: app, hour and ruleset version, then
     * a name (verdict or rule id) and a last key (an INTEGER shard or a VARCHAR outcome).
     */
    record Table(String name, String nameKey, String lastKey, String lastKeyType, String count) {
        List<String> keys() {
            return List.of("app_id", "bucket_hour", "ruleset_version", nameKey, lastKey);
        }
    }

    static final Table VERDICTS = new Table("stats_verdict", "verdict", "shard", "INTEGER", "screenings");
    static final Table RULES = new Table("stats_rule", "rule_id", "shard", "INTEGER", "fired");
    static final Table OUTCOMES = new Table("stats_outcome", "verdict", "outcome", "VARCHAR(8)", "labels");
    static final Table RULE_OUTCOMES = new Table("stats_rule_outcome", "rule_id", "outcome", "VARCHAR(8)", "labels");

    /** A row's key: app, hour, version, a name (verdict or rule id) and the shard or the outcome. */
    record Key(String appId, Instant hour, long version, String name, Object last) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::appId)
                .thenComparing(Key::hour)
                .thenComparingLong(Key::version)
                .thenComparing(Key::name)
                .thenComparing(k -> String.valueOf(k.last()));
    }

    /** Deltas to add, in the order rows are written. */
    static TreeMap<Key, Long> deltas() {
        return new TreeMap<>(Key.ORDER);
    }

    /** The shard this thread writes screenings' counts to. */
    static int shard() {
        return (int) Math.floorMod(Thread.currentThread().getId() + INSTANCE_SALT, (long) SHARDS);
    }

    /** The statement that adds its last parameter to the row of the others, creating it at 0 first. */
    protected abstract String addStatement(Table table);

    /** Adds each delta to its row, in key order. */
    void add(Connection connection, Table table, Map<Key, Long> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement add = connection.prepareStatement(addStatement(table))) {
            for (Map.Entry<Key, Long> delta : deltas.entrySet()) {
                Key key = delta.getKey();
                add.setString(1, key.appId());
                add.setObject(2, JdbcScreeningStore.utc(key.hour()));
                add.setLong(3, key.version());
                add.setString(4, key.name());
                add.setObject(5, key.last());
                add.setLong(6, delta.getValue());
                add.addBatch();
            }
            add.executeBatch();
        }
    }

    /** PostgreSQL: INSERT ... ON CONFLICT adds to the row atomically, even when two create it at once. */
    static final class Postgres extends Rollups {
        @Override
        protected String addStatement(Table t) {
            return "INSERT INTO " + t.name() + " (" + String.join(", ", t.keys()) + ", " + t.count()
                    + ") VALUES (?, ?, ?, ?, ?, ?)" + onConflictAdd(t);
        }

        /**
         * Adds many deltas in one statement: six text arrays (the five keys and the delta, one element
         * a row, each key once, in key order), cast to the columns' types.
         */
        static String addFromArrays(Table t) {
            List<String> k = t.keys();
            return "INSERT INTO " + t.name() + " (" + String.join(", ", k) + ", " + t.count() + ") SELECT " + k.get(0)
                    + ", CAST(" + k.get(1) + " AS timestamptz), CAST(" + k.get(2) + " AS bigint), " + k.get(3)
                    + ", " + lastKey(t) + ", CAST(delta AS bigint)"
                    + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS d("
                    + String.join(", ", k) + ", delta)" + onConflictAdd(t);
        }

        /**
         * The last key from its text: cast to a number, or left as text for a VARCHAR column, whose
         * assignment refuses a value too long where an explicit cast would cut it.
         */
        private static String lastKey(Table t) {
            String column = t.lastKey();
            return t.lastKeyType().startsWith("VARCHAR") ? column : "CAST(" + column + " AS " + t.lastKeyType() + ")";
        }

        private static String onConflictAdd(Table t) {
            return " ON CONFLICT (" + String.join(", ", t.keys()) + ") DO UPDATE SET " + t.count() + " = " + t.name()
                    + "." + t.count() + " + EXCLUDED." + t.count();
        }
    }

    /** H2: the standard MERGE. */
    static final class H2 extends Rollups {
        @Override
        protected String addStatement(Table t) {
            List<String> k = t.keys();
            String types = "CAST(? AS VARCHAR(200)), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT), "
                    + "CAST(? AS VARCHAR(64)), CAST(? AS " + t.lastKeyType() + "), CAST(? AS BIGINT)";
            StringBuilder on = new StringBuilder();
            StringBuilder values = new StringBuilder();
            for (String column : k) {
                on.append(on.isEmpty() ? "" : " AND ")
                        .append("t.")
                        .append(column)
                        .append(" = s.")
                        .append(column);
                values.append("s.").append(column).append(", ");
            }
            return "MERGE INTO " + t.name() + " t USING (VALUES (" + types + ")) AS s(" + String.join(", ", k)
                    + ", delta) ON " + on + " WHEN MATCHED THEN UPDATE SET " + t.count() + " = t." + t.count()
                    + " + s.delta WHEN NOT MATCHED THEN INSERT (" + String.join(", ", k) + ", " + t.count()
                    + ") VALUES (" + values + "s.delta)";
        }
    }
}
