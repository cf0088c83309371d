package dev.bonafide.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bonafide.config.BonafideConfig;
import dev.bonafide.config.Failures;
import dev.bonafide.refusal.FieldError;
import dev.bonafide.refusal.Refusal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The {@code Idempotency-Key} header: a retry with the same key and the same request gets the
 * original result; the same key with a different request is a 409. Keys are rows with a primary key
 * written in the same transaction as the work, so they hold across instances and concurrent retries
 * do the work once. Keys expire after {@code bonafide.idempotency.ttl} (24 hours by default).
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger LOG = Logger.getLogger(Idempotency.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    /** The column sizes of idempotency_key.scope and idem_key (V4__idempotency_keys.sql). */
    static final int MAX_SCOPE_LENGTH = 200;

    /** What a stored key says about the request that first used it. */
    public record Stored(String requestHash, int status, String resourceId) {}

    /** The result of a call, and whether it is a replay of an earlier one. */
    public record Outcome<T>(T value, boolean replayed) {}

    /** Lets the work record its key inside its own transaction, once it knows its result. */
    public interface Claim {
        /** Inserts the key; call inside the work's transaction, before it commits. */
        void record(int status, String resourceId);

        /** Inserts the key through a JDBC connection; call inside its transaction, before it commits. */
        void record(Connection connection, int status, String resourceId) throws SQLException;
    }

    private static final String SELECT = """
            SELECT request_hash, status, resource_id, created_at FROM idempotency_key
            WHERE scope = ? AND idem_key = ?""";

    /** Only the expired row: a retry that stored the key anew in the meantime keeps its own. */
    private static final String DELETE =
            "DELETE FROM idempotency_key WHERE scope = ? AND idem_key = ? AND created_at < ?";

    private static final String PURGE = "DELETE FROM idempotency_key WHERE created_at < ?";

    private static final String INSERT = """
            INSERT INTO idempotency_key (scope, idem_key, request_hash, created_at, status, resource_id)
            VALUES (?, ?, ?, ?, ?, ?)""";

    private static final Claim NO_KEY = new Claim() {
        @Override
        public void record(int status, String resourceId) {}

        @Override
        public void record(Connection connection, int status, String resourceId) {}
    };

    private final EntityManager em;
    private final DataSource dataSource;
    private final Clock clock;
    private final ObjectMapper json;
    private final Duration ttl;

    public Idempotency(EntityManager em, DataSource dataSource, Clock clock, ObjectMapper json, BonafideConfig config) {
        this.em = em;
        this.dataSource = dataSource;
        this.clock = clock;
        this.json = json;
        this.ttl = config.idempotency().ttl();
    }

    /**
     * Runs the work once per key: without a key it simply runs; with a key seen before (and not
     * expired) it replays the stored result, or refuses a different request with 409.
     *
     * @param scope what the key is for, such as "POST /api/v1/screenings"
     * @param request the request, hashed to recognise a retry (a record, or a string)
     */
    public <T> Outcome<T> run(
            String scope, String key, Object request, Function<Claim, T> work, Function<Stored, T> replay) {
        if (scope.length() > MAX_SCOPE_LENGTH) {
            // Scopes are the service's own text and a bounded app id (Caller): this is a defect, not bad input.
            throw new IllegalStateException("An idempotency scope is longer than " + MAX_SCOPE_LENGTH + " characters");
        }
        if (key == null) {
            return new Outcome<>(work.apply(NO_KEY), false);
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw Refusal.invalid(
                    HEADER + " must be 1 to 200 visible ASCII characters, such as a UUID.",
                    List.of(new FieldError(HEADER, "must be 1 to 200 visible ASCII characters")));
        }
        String hash = hash(scope, request);
        Stored earlier = find(scope, key);
        if (earlier != null) {
            return new Outcome<>(replayOrRefuse(earlier, hash, replay), true);
        }
        Claim claim = new Claim() {
            @Override
            public void record(int status, String resourceId) {
                em.unwrap(org.hibernate.Session.class).doWork(connection -> record(connection, status, resourceId));
            }

            @Override
            public void record(Connection connection, int status, String resourceId) throws SQLException {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setString(1, scope);
                    insert.setString(2, key);
                    insert.setString(3, hash);
                    insert.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                    insert.setInt(5, status);
                    insert.setString(6, resourceId);
                    insert.executeUpdate();
                }
            }
        };
        try {
            return new Outcome<>(work.apply(claim), false);
        } catch (RuntimeException e) {
            // A concurrent request with the same key committed first: its result is ours.
            Stored winner = find(scope, key);
            if (winner == null) {
                throw e;
            }
            return new Outcome<>(replayOrRefuse(winner, hash, replay), true);
        }
    }

    private <T> T replayOrRefuse(Stored stored, String hash, Function<Stored, T> replay) {
        if (!stored.requestHash().equals(hash)) {
            throw Refusal.keyReused("This Idempotency-Key was used with a different request in the last "
                    + ttl.toHours() + " hours; use a new key for a new request.");
        }
        return replay.apply(stored);
    }

    /** The stored key, or null when there is none or it expired (an expired key is removed). */
    private Stored find(String scope, String key) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                Stored stored = null;
                Instant created = null;
                try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                    select.setString(1, scope);
                    select.setString(2, key);
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            stored = new Stored(row.getString(1), row.getInt(2), row.getString(3));
                            created = row.getObject(4, OffsetDateTime.class).toInstant();
                        }
                    }
                }
                Instant expiry = clock.instant().minus(ttl);
                if (stored != null && created.isBefore(expiry)) {
                    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                        delete.setString(1, scope);
                        delete.setString(2, key);
                        delete.setObject(3, OffsetDateTime.ofInstant(expiry, ZoneOffset.UTC));
                        delete.executeUpdate();
                    }
                    return null;
                }
                return stored;
            }
        });
    }

    /** Removes expired keys every hour; lookups ignore them before that. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        try {
            int removed = QuarkusTransaction.requiringNew().call(() -> {
                try (Connection connection = dataSource.getConnection();
                        PreparedStatement delete = connection.prepareStatement(PURGE)) {
                    delete.setObject(1, OffsetDateTime.ofInstant(clock.instant().minus(ttl), ZoneOffset.UTC));
                    return delete.executeUpdate();
                }
            });
            if (removed > 0) {
                LOG.infof("Removed %d expired idempotency keys", removed);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove expired idempotency keys: %s", Failures.describe(e));
        }
    }

    private String hash(String scope, Object request) {
        try {
            String canonical = scope + "\n" + (request instanceof String s ? s : json.writeValueAsString(request));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("A request could not be hashed", e);
        }
    }
}
