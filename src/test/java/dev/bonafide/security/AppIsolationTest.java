package dev.bonafide.security;

import static dev.bonafide.TestTokens.bearer;
import static dev.bonafide.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An app sees only its own screenings; an auditor sees all; rule changes carry the caller's identity. */
@QuarkusTest
class AppIsolationTest {

    private static final String BODY = """
            {"message": "Hello from the other app", "mutualConnections": 1, "requesterNetworkSize": 50}""";

    @BeforeEach
    void noDefaultToken() {
        TestTokens.callAnonymously();
    }

    @jakarta.inject.Inject
    io.smallrye.jwt.auth.principal.JWTParser tokenParser;

    @Test
    void tokensAreVerifiedThroughTheMemoryOfVerifiedTokens() {
        org.assertj.core.api.Assertions.assertThat(tokenParser).isInstanceOf(VerifiedTokens.class);
    }

    @Test
    void anotherAppsScreeningIsNotFound() {
        String id = given().header("Authorization", bearer(token("app-a", Roles.SCREENER)))
                .contentType("application/json")
                .body(BODY)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("appId", equalTo("app-a"))
                .extract()
                .path("id");

        given().header("Authorization", bearer(token("app-b", Roles.SCREENER)))
                .get("/api/v1/screenings/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", bearer(token("app-b", Roles.SCREENER)))
                .get("/api/v1/screenings")
                .then()
                .statusCode(200)
                .body("items.id", not(hasItem(id)));
        given().header("Authorization", bearer(token("app-a", Roles.SCREENER)))
                .get("/api/v1/screenings/" + id)
                .then()
                .statusCode(200);
        given().header("Authorization", bearer(token("trust-and-safety", Roles.AUDITOR)))
                .get("/api/v1/screenings/" + id)
                .then()
                .statusCode(200)
                .body("appId", equalTo("app-a"));
        given().header("Authorization", bearer(token("trust-and-safety", Roles.AUDITOR)))
                .queryParam("limit", 100)
                .get("/api/v1/screenings")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
    }

    @Test
    void idempotencyKeysOfDifferentAppsDoNotCollide() {
        String a = given().header("Authorization", bearer(token("app-a", Roles.SCREENER)))
                .header("Idempotency-Key", "shared-key-1")
                .contentType("application/json")
                .body(BODY)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String b = given().header("Authorization", bearer(token("app-b", Roles.SCREENER)))
                .header("Idempotency-Key", "shared-key-1")
                .contentType("application/json")
                .body(BODY.replace("50", "51"))
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        org.assertj.core.api.Assertions.assertThat(a).isNotEqualTo(b);
    }

    @Test
    void ruleChangesRecordTheCallerAsAuthor() {
        String admin = bearer(token("ops-alice", Roles.RULES_ADMIN));
        String etag = given().header("Authorization", admin)
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        given().header("Authorization", admin)
                .header("If-Match", etag)
                .contentType("application/json")
                .body("{\"acceptThreshold\": 66, \"declineThreshold\": 35}")
                .put("/api/v1/thresholds")
                .then()
                .statusCode(200)
                .body("author", equalTo("ops-alice"));
        String next = given().header("Authorization", admin)
                .get("/api/v1/rules")
                .then()
                .extract()
                .header("ETag");
        given().header("Authorization", admin)
                .header("If-Match", next)
                .contentType("application/json")
                .body("{\"acceptThreshold\": 65, \"declineThreshold\": 35}")
                .put("/api/v1/thresholds")
                .then()
                .statusCode(200);
    }

    @Test
    void operationalEndpointsNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    private static final String VICTIM_NOTE = """
            {"message": "Hi, I enjoyed your talk on soil science and would like to connect.",
             "mutualConnections": 4, "requesterNetworkSize": 300,
             "requester": {"id": "%s"}, "recipientId": "%s"}""";

    private static io.restassured.path.json.JsonPath screenAs(String app, String requester, String recipient) {
        return given().header("Authorization", bearer(token(app, Roles.SCREENER)))
                .contentType("application/json")
                .body(VICTIM_NOTE.formatted(requester, recipient))
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** Requester ids are each app's own: one app's screenings of "victim-1" say nothing of another's. */
    @Test
    void anotherAppsScreeningsOfTheSameRequesterIdDoNotCountAsHistory() {
        String victim = "victim-1-" + System.nanoTime();
        // A fresh requester in app B: what app B's victim should get.
        io.restassured.path.json.JsonPath fresh = screenAs("history-app-b", "fresh-" + System.nanoTime(), "b-0");

        for (int i = 0; i < 21; i++) {
            screenAs("history-app-a", victim, "a-" + i);
        }
        io.restassured.path.json.JsonPath inA = screenAs("history-app-a", victim, "a-21");
        org.assertj.core.api.Assertions.assertThat(inA.getLong("facts.requesterRequestsLastHour"))
                .isEqualTo(21);
        org.assertj.core.api.Assertions.assertThat(inA.getLong("facts.sameNoteRecipientsLast7Days"))
                .isEqualTo(21);

        io.restassured.path.json.JsonPath inB = screenAs("history-app-b", victim, "b-1");
        org.assertj.core.api.Assertions.assertThat(inB.getLong("facts.requesterRequestsLastHour"))
                .isZero();
        org.assertj.core.api.Assertions.assertThat(inB.getLong("facts.requesterRequestsLastDay"))
                .isZero();
        org.assertj.core.api.Assertions.assertThat(inB.getLong("facts.requesterScreeningsLast7Days"))
                .isZero();
        org.assertj.core.api.Assertions.assertThat(inB.getDouble("facts.requesterDeclinedShare"))
                .isZero();
        org.assertj.core.api.Assertions.assertThat(inB.getLong("facts.sameNoteRecipientsLast7Days"))
                .isZero();
        org.assertj.core.api.Assertions.assertThat(inB.getString("verdict")).isEqualTo(fresh.getString("verdict"));
        org.assertj.core.api.Assertions.assertThat(inB.getInt("score")).isEqualTo(fresh.getInt("score"));
        org.assertj.core.api.Assertions.assertThat(inB.getList("reasons.ruleId"))
                .isEqualTo(fresh.getList("reasons.ruleId"));

        // App B's own history of its victim still counts.
        io.restassured.path.json.JsonPath again = screenAs("history-app-b", victim, "b-2");
        org.assertj.core.api.Assertions.assertThat(again.getLong("facts.requesterRequestsLastHour"))
                .isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(again.getLong("facts.sameNoteRecipientsLast7Days"))
                .isEqualTo(1);
    }

    /** Preview does not tell one app whether a requester sent a note to another app's members. */
    @Test
    void previewCountsOnlyTheCallersOwnHistory() {
        String requester = "preview-victim-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            screenAs("preview-app-a", requester, "a-" + i);
        }
        String preview = """
                {"request": %s,
                 "draft": {"rules": [{"id": "seen-before", "description": "history probe",
                   "when": "true", "points": 0,
                   "explanation": "{sameNoteRecipientsLast7Days} copies, {requesterRequestsLastHour} in the hour."}]}}
                """.formatted(VICTIM_NOTE.formatted(requester, "x-1"));
        given().header("Authorization", bearer(token("preview-app-b", Roles.SCREENER, Roles.RULES_ADMIN)))
                .contentType("application/json")
                .body(preview)
                .post("/api/v1/screenings/preview")
                .then()
                .statusCode(200)
                .body(
                        "draft.reasons.find { it.ruleId == 'seen-before' }.explanation",
                        equalTo("0 copies, 0 in the hour."));
        given().header("Authorization", bearer(token("preview-app-a", Roles.SCREENER, Roles.RULES_ADMIN)))
                .contentType("application/json")
                .body(preview)
                .post("/api/v1/screenings/preview")
                .then()
                .statusCode(200)
                .body(
                        "draft.reasons.find { it.ruleId == 'seen-before' }.explanation",
                        equalTo("3 copies, 3 in the hour."));
    }
}
