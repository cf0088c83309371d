package dev.bonafide.security;

import static dev.bonafide.TestTokens.bearer;
import static dev.bonafide.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fair-use bucket shared by every instance, in PostgreSQL: it limits an app as the instance's
 * own does, its state is a row every instance reads, and when the store does not answer in time
 * the instance's own bucket decides. Runs with the PostgreSQL suite (the shared buckets need it).
 */
@QuarkusTest
@TestProfile(SharedRateLimitTest.Shared.class)
@EnabledIfSystemProperty(named = "%test.quarkus.datasource.db-kind", matches = "postgresql")
class SharedRateLimitTest {

    private static final String BODY = """
            {"message": "Hi", "mutualConnections": 0, "requesterNetworkSize": 10}""";

    public static class Shared implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bonafide.rate-limit.shared", "true",
                    "bonafide.rate-limit.requests-per-second", "1",
                    "bonafide.rate-limit.burst", "5");
        }
    }

    @Inject
    DataSource dataSource;

    @BeforeEach
    void noDefaultToken() {
        TestTokens.callAnonymously();
    }

    private static List<Integer> screen(String app, int times) {
        String bearer = bearer(token(app, Roles.SCREENER));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            Response answer = given().header("Authorization", bearer)
                    .contentType("application/json")
                    .body(BODY)
                    .post("/api/v1/screenings");
            statuses.add(answer.statusCode());
        }
        return statuses;
    }

    @Test
    void anAppGetsItsBurstFromTheSharedBucketWhoseStateIsARow() throws Exception {
        String app = "shared-" + UUID.randomUUID();
        List<Integer> statuses = screen(app, 10);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isBetween(5L, 6L);
        assertThat(statuses).contains(429);
        try (Connection connection = dataSource.getConnection();
                Statement query = connection.createStatement();
                ResultSet row = query.executeQuery("SELECT count(*) FROM rate_bucket WHERE id = '" + app + "'")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(1);
        }
        // Another app has its own bucket.
        assertThat(screen("shared-" + UUID.randomUUID(), 1)).containsExactly(201);
    }

    @Test
    void whenTheSharedStoreDoesNotAnswerTheInstanceBucketDecidesWithoutStalling() throws Exception {
        String app = "shared-" + UUID.randomUUID();
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE rate_bucket IN ACCESS EXCLUSIVE MODE");
            }
            // The lock is held until every call has been answered: a call that waited on the store
            // rather than for the shared timeout would never be answered.
            List<Integer> statuses = screen(app, 8);
            // The instance's own bucket (burst 5) decided: as without the shared store.
            assertThat(statuses.stream().filter(s -> s == 201).count()).isBetween(5L, 6L);
            assertThat(statuses).doesNotContain(500, 503);
            locker.rollback();
        }
    }
}
