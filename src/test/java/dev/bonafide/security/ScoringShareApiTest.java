package dev.bonafide.security;

import static dev.bonafide.TestTokens.bearer;
import static dev.bonafide.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test configuration gives costly-app a share of rule-evaluation CPU so small that one screening
 * leaves it in debt for 1,000 s: its next screening and preview are refused with 429, nothing of it is
 * stored, and another app is served as usual.
 */
@QuarkusTest
class ScoringShareApiTest {

    private static final String BODY = """
            {"message": "Hi, we met at the data meetup last week.", "mutualConnections": 2,
             "requesterNetworkSize": 300, "requester": {"id": "share-requester"}}""";

    @BeforeEach
    void noDefaultToken() {
        TestTokens.callAnonymously();
    }

    @Test
    void anAppOverItsCpuShareIsRefusedWhileAnotherIsServed() {
        String costly = bearer(token("costly-app", Roles.SCREENER));
        given().header("Authorization", costly)
                .contentType("application/json")
                .body(BODY)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201);

        given().header("Authorization", costly)
                .contentType("application/json")
                .body(BODY)
                .post("/api/v1/screenings")
                .then()
                .statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", "1000");
        given().header("Authorization", costly)
                .contentType("application/json")
                .body("{\"request\": " + BODY + "}")
                .post("/api/v1/screenings/preview")
                .then()
                .statusCode(429);
        given().header("Authorization", costly)
                .queryParam("requesterId", "share-requester")
                .get("/api/v1/screenings")
                .then()
                .statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1));

        given().header("Authorization", bearer(token("other-app", Roles.SCREENER)))
                .contentType("application/json")
                .body(BODY)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201);
    }
}
