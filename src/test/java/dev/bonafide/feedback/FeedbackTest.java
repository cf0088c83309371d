package dev.bonafide.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Feedback: only by the app that made the screening, the later outcome in force, every change kept. */
@QuarkusTest
class FeedbackTest {

    @Inject
    DataSource dataSource;

    private static String app() {
        return "feedback-" + UUID.randomUUID();
    }

    private static String token(String app, String... roles) {
        return TestTokens.bearer(TestTokens.token(app, roles));
    }

    /** A screening made by the app, as it was answered. */
    static Response screen(String app, String requesterId, String note) {
        return given().header("Authorization", token(app, "screener"))
                .contentType(ContentType.JSON)
                .body("""
                        {"message": "%s", "mutualConnections": 0, "requesterNetworkSize": 40,
                         "requester": {"id": "%s"}, "recipientId": "r-%s"}""".formatted(note, requesterId, UUID.randomUUID()))
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .response();
    }

    static Response send(String app, String screeningId, String body) {
        return given().header("Authorization", token(app, "screener"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/screenings/" + screeningId + "/feedback")
                .then()
                .extract()
                .response();
    }

    /** Now, to the millisecond, as the service stores times. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static String outcome(String outcome, Instant at) {
        return "{\"outcome\": \"" + outcome + "\", \"occurredAt\": \"" + at + "\"}";
    }

    @Test
    void theOwningAppRecordsAnOutcomeAndTheScreeningShowsIt() {
        String app = app();
        String id = screen(app, "req-1", "Hello there").path("id");
        Instant at = now().minusSeconds(1);
        send(app, id, "{\"outcome\": \"REPORTED\", \"reason\": \"SPAM\", \"occurredAt\": \"" + at + "\"}")
                .then()
                .statusCode(201)
                .header("Location", "/api/v1/screenings/" + id + "/feedback")
                .body("outcome", equalTo("REPORTED"))
                .body("reason", equalTo("SPAM"))
                .body("recordedBy", equalTo(app))
                .body("changes", hasSize(1))
                .body("changes[0].from", nullValue())
                .body("changes[0].to", equalTo("REPORTED"));
        given().header("Authorization", token(app, "screener"))
                .get("/api/v1/screenings/" + id)
                .then()
                .statusCode(200)
                .body("feedback.outcome", equalTo("REPORTED"))
                .body("feedback.occurredAt", equalTo(at.toString()));
        given().header("Authorization", token("someone", "auditor"))
                .get("/api/v1/screenings/" + id + "/feedback")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("REPORTED"));
    }

    @Test
    void feedbackIsCountedByOutcomeAndVerdictInMetrics() {
        String app = app();
        Response screening = screen(app, "req-1", "Hello there");
        String series = "bonafide_feedback_total{outcome=\"REPORTED\",verdict=\"" + screening.path("verdict") + "\"}";
        double before = metric(series);
        send(app, screening.path("id"), outcome("REPORTED", now())).then().statusCode(201);
        send(app, screening.path("id"), outcome("REPORTED", now())).then().statusCode(200);
        assertThat(metric(series)).isEqualTo(before + 1);
    }

    private static double metric(String series) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst()
                .orElse(0);
    }

    @Test
    void anotherAppsScreeningIsNotFoundAndUntouched() {
        String owner = app();
        String id = screen(owner, "req-1", "Hello there").path("id");
        send(app(), id, outcome("REPORTED", now())).then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", token(app(), "screener"))
                .get("/api/v1/screenings/" + id + "/feedback")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", token(owner, "screener"))
                .get("/api/v1/screenings/" + id + "/feedback")
                .then()
                .statusCode(404);
        given().header("Authorization", token(owner, "auditor"))
                .contentType(ContentType.JSON)
                .body(outcome("REPORTED", now()))
                .post("/api/v1/screenings/" + id + "/feedback")
                .then()
                .statusCode(403);
    }

    @Test
    void aLaterOutcomeReplacesTheEarlierAndTheChangeIsKept() {
        String app = app();
        String id = screen(app, "req-1", "Hello there").path("id");
        Instant first = now().minusSeconds(60);
        send(app, id, outcome("IGNORED", first)).then().statusCode(201);
        send(app, id, outcome("ACCEPTED", first.plusSeconds(30)))
                .then()
                .statusCode(200)
                .body("outcome", equalTo("ACCEPTED"))
                .body("changes", hasSize(2))
                .body("changes[1].from", equalTo("IGNORED"))
                .body("changes[1].to", equalTo("ACCEPTED"))
                .body("changes[1].changedBy", equalTo(app));
        // The outcome in force again, even dated otherwise: a retry, nothing changes.
        send(app, id, outcome("ACCEPTED", first.plusSeconds(40)))
                .then()
                .statusCode(200)
                .body("changes", hasSize(2))
                .body("occurredAt", equalTo(first.plusSeconds(30).toString()));
        // An outcome that happened before the one in force arrives late: refused, nothing changes.
        send(app, id, outcome("REPORTED", first.plusSeconds(10)))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("after this one"));
        send(app, id, outcome("IGNORED", first.plusSeconds(90)))
                .then()
                .statusCode(200)
                .body("outcome", equalTo("IGNORED"))
                .body("changes", hasSize(3));
    }

    @Test
    void badFeedbackIsRefusedAndStoresNothing() throws Exception {
        String app = app();
        String id = screen(app, "req-1", "Hello there").path("id");
        Instant now = now();
        send(app, id, outcome("LIKED", now)).then().statusCode(400).contentType("application/problem+json");
        send(app, id, "{\"outcome\": \"ACCEPTED\"}")
                .then()
                .statusCode(400)
                .body("errors[0].field", containsString("occurredAt"));
        send(app, id, "{\"outcome\": \"ACCEPTED\", \"reason\": \"SPAM\", \"occurredAt\": \"" + now + "\"}")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        send(app, id, "{\"outcome\": \"REPORTED\", \"reason\": \"BORING\", \"occurredAt\": \"" + now + "\"}")
                .then()
                .statusCode(400);
        send(app, id, outcome("ACCEPTED", now.plus(Duration.ofHours(1))))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("occurredAt"));
        send(app, id, outcome("ACCEPTED", now.minus(Duration.ofDays(1))))
                .then()
                .statusCode(400)
                .body("detail", containsString("before the screening"));
        send(app, UUID.randomUUID().toString(), outcome("ACCEPTED", now)).then().statusCode(404);
        send(app, "not-a-uuid", outcome("ACCEPTED", now)).then().statusCode(404);
        assertThat(rows("SELECT count(*) FROM screening_feedback WHERE screening_id = ?", id))
                .isZero();
        assertThat(rows("SELECT count(*) FROM screening_feedback_change WHERE screening_id = ?", id))
                .isZero();
    }

    @Test
    void parallelRetriesRecordOnce() throws Exception {
        String app = app();
        String id = screen(app, "req-1", "Hello there").path("id");
        String body = outcome("REPORTED", now().minusSeconds(5));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Callable<Integer> call = () -> send(app, id, body).statusCode();
                answers.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsOnly(200, 201);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows("SELECT count(*) FROM screening_feedback_change WHERE screening_id = ?", id))
                .isEqualTo(1);
        assertThat(rows(
                        "SELECT sum(labels) FROM stats_outcome WHERE app_id = (SELECT app_id FROM screening WHERE id = ?)"
                                + " AND outcome = 'REPORTED'",
                        id))
                .isEqualTo(1);
    }

    @Test
    void reportsOfARequesterBecomeHistoryFactsAndOneReportIsNotEnough() {
        String app = app();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(screen(app, "pest", "Hi, let us connect").path("id"));
        }
        send(app, ids.get(0), outcome("REPORTED", now())).then().statusCode(201);
        Response afterOne = screen(app, "pest", "Hi, let us connect");
        assertThat(afterOne.<Integer>path("facts.requesterReportedLast30Days")).isEqualTo(1);
        assertThat(afterOne.<List<String>>path("reasons.ruleId")).doesNotContain("often-reported");

        send(app, ids.get(1), outcome("REPORTED", now())).then().statusCode(201);
        send(app, ids.get(2), outcome("REPORTED", now())).then().statusCode(201);
        send(app, ids.get(3), outcome("ACCEPTED", now())).then().statusCode(201);
        Response afterThree = screen(app, "pest", "Hi, let us connect");
        assertThat(afterThree.<Integer>path("facts.requesterReportedLast30Days"))
                .isEqualTo(3);
        assertThat(afterThree.<Integer>path("facts.requesterAcceptedLast30Days"))
                .isEqualTo(1);
        assertThat(afterThree.<List<String>>path("reasons.ruleId")).contains("often-reported");

        // Another app's requester with the same id has no reports.
        Response elsewhere = screen(app(), "pest", "Hi, let us connect");
        assertThat(elsewhere.<Integer>path("facts.requesterReportedLast30Days")).isZero();
    }

    private long rows(String sql, String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
