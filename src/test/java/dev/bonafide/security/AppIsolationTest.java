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
                .contentType("application/json").body(BODY).post("/api/v1/screenings")
                .then().statusCode(201).body("appId", equalTo("app-a")).extract().path("id");

        given().header("Authorization", bearer(token("app-b", Roles.SCREENER)))
                .get("/api/v1/screenings/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", bearer(token("app-b", Roles.SCREENER)))
                .get("/api/v1/screenings").then().statusCode(200).body("items.id", not(hasItem(id)));
        given().header("Authorization", bearer(token("app-a", Roles.SCREENER)))
                .get("/api/v1/screenings/" + id).then().statusCode(200);
        given().header("Authorization", bearer(token("trust-and-safety", Roles.AUDITOR)))
                .get("/api/v1/screenings/" + id).then().statusCode(200).body("appId", equalTo("app-a"));
        given().header("Authorization", bearer(token("trust-and-safety", Roles.AUDITOR)))
                .queryParam("limit", 100).get("/api/v1/screenings").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void idempotencyKeysOfDifferentAppsDoNotCollide() {
        String a = given().header("Authorization", bearer(token("app-a", Roles.SCREENER))).header("Idempotency-Key", "shared-key-1")
                .contentType("application/json").body(BODY).post("/api/v1/screenings").then().statusCode(201).extract().path("id");
        String b = given().header("Authorization", bearer(token("app-b", Roles.SCREENER))).header("Idempotency-Key", "shared-key-1")
                .contentType("application/json").body(BODY.replace("50", "51")).post("/api/v1/screenings")
                .then().statusCode(201).extract().path("id");
        org.assertj.core.api.Assertions.assertThat(a).isNotEqualTo(b);
    }

    @Test
    void ruleChangesRecordTheCallerAsAuthor() {
        String admin = bearer(token("ops-alice", Roles.RULES_ADMIN));
        String etag = given().header("Authorization", admin).get("/api/v1/rules").then().statusCode(200).extract().header("ETag");
        given().header("Authorization", admin).header("If-Match", etag).contentType("application/json")
                .body("{\"acceptThreshold\": 66, \"declineThreshold\": 35}").put("/api/v1/thresholds")
                .then().statusCode(200).body("author", equalTo("ops-alice"));
        String next = given().header("Authorization", admin).get("/api/v1/rules").then().extract().header("ETag");
        given().header("Authorization", admin).header("If-Match", next).contentType("application/json")
                .body("{\"acceptThreshold\": 65, \"declineThreshold\": 35}").put("/api/v1/thresholds")
                .then().statusCode(200);
    }

    @Test
    void operationalEndpointsNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
