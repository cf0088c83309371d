package dev.bonafide.idempotency;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.bonafide.StoredRows;
import dev.bonafide.TestClock;
import dev.bonafide.rules.RulesetVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsTestApp() {
        dev.bonafide.TestTokens.callAsTestAppWithAllRoles();
    }

    private static final String BODY = """
            {"message": "Hello, I'm Jo from the climbing club.", "mutualConnections": 2, "requesterNetworkSize": 80}
            """;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static long screenings() {
        return StoredRows.count("screening");
    }

    private static Response post(String key, String body) {
        return given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .when()
                .post("/api/v1/screenings");
    }

    @Test
    void retryWithSameKeyAndBodyReturnsTheOriginalScreening() {
        String key = UUID.randomUUID().toString();
        long before = screenings();
        Response first = post(key, BODY);
        Response retry = post(key, BODY.replace("  ", " "));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(screenings()).isEqualTo(before + 1);
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        String key = UUID.randomUUID().toString();
        post(key, BODY).then().statusCode(201);
        long before = screenings();

        post(key, BODY.replace("80", "81"))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("different request"));
        assertThat(screenings()).isEqualTo(before);
    }

    @Test
    void concurrentRetriesWithOneKeyMakeExactlyOneScreening() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = BODY.replace("}", ", \"requester\": {\"id\": \"idem-" + key + "\"}}");
        long before = screenings();
        int parallel = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                Callable<Response> call = () -> {
                    start.await();
                    return post(key, body);
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.statusCode()).isEqualTo(201);
                ids.add(response.jsonPath().getString("id"));
            }
            assertThat(ids).hasSize(1);
            assertThat(screenings()).isEqualTo(before + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keysExpireAfterADay() {
        String key = UUID.randomUUID().toString();
        String firstId = post(key, BODY).then().statusCode(201).extract().path("id");

        clock.advance(Duration.ofHours(23));
        post(key, BODY.replace("80", "81")).then().statusCode(409);

        clock.advance(Duration.ofHours(2));
        String secondId = post(key, BODY.replace("80", "81"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(secondId).isNotEqualTo(firstId);
    }

    @Test
    void malformedKeysAreRefused() {
        long before = screenings();
        post("has spaces in it", BODY)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        post("x".repeat(201), BODY).then().statusCode(400);
        assertThat(screenings()).isEqualTo(before);
    }

    @Test
    void ruleChangeRetriedWithItsKeyIsAppliedOnce() {
        String etag = given().when()
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        long versions = QuarkusTransaction.requiringNew().call(() -> RulesetVersion.count());
        String key = UUID.randomUUID().toString();
        String rule = """
                {"id": "bare-link", "when": "linkCount > 0 && wordCount - linkCount <= 2", "points": -20,
                 "explanation": "The note is {linkCount} link(s) and hardly a word besides."}
                """;
        Response first = given().contentType(ContentType.JSON)
                .header("If-Match", etag)
                .header("Idempotency-Key", key)
                .body(rule)
                .when()
                .put("/api/v1/rules/bare-link");
        Response retry = given().contentType(ContentType.JSON)
                .header("If-Match", etag)
                .header("Idempotency-Key", key)
                .body(rule)
                .when()
                .put("/api/v1/rules/bare-link");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.jsonPath().getLong("version"))
                .isEqualTo(first.jsonPath().getLong("version"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> RulesetVersion.count()))
                .isEqualTo(versions + 1);

        given().contentType(ContentType.JSON)
                .header("If-Match", etag)
                .header("Idempotency-Key", key)
                .body(rule.replace("-20", "-21"))
                .when()
                .put("/api/v1/rules/bare-link")
                .then()
                .statusCode(409);
    }
}
