package dev.bonafide.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * A hostile rule is refused wherever a rule enters (validate, save, preview), and drafts are for
 * rules-admins: the attacks of preview with a 5,000-character note that once ran out of memory.
 */
@QuarkusTest
class HostileRulesTest {

    private static final String NESTED_REPETITION = "message.matches(\\\"(a{1,1000}){1,1000}b\\\")";
    private static final String GROWING_STRINGS =
            "message.split(\\\"\\\").map(x, " + "message + ".repeat(63) + "message).size() > 0";

    private static String preview(String when) {
        return """
                {"request": {"message": "%s", "mutualConnections": 0, "requesterNetworkSize": 300},
                 "draft": {"rules": [{"id": "hostile", "when": "%s", "points": -10, "explanation": "x"}]}}
                """.formatted("a".repeat(5_000), when);
    }

    private static String rule(String when) {
        return """
                {"id": "hostile", "when": "%s", "points": -10, "explanation": "x"}
                """.formatted(when);
    }

    @Test
    void screenerMayPreviewTheRulesetInForceButNotADraft() {
        String screener = TestTokens.bearer(TestTokens.token("preview-app", "screener"));
        given().header("Authorization", screener)
                .contentType(ContentType.JSON)
                .body("""
                        {"request": {"message": "Hello", "mutualConnections": 0, "requesterNetworkSize": 300}}
                        """)
                .when()
                .post("/api/v1/screenings/preview")
                .then()
                .statusCode(200)
                .body("inForce.verdict", org.hamcrest.Matchers.notNullValue());
        given().header("Authorization", screener)
                .contentType(ContentType.JSON)
                .body(preview("hasNote"))
                .when()
                .post("/api/v1/screenings/preview")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("detail", containsString("rules-admin"));
    }

    @Test
    void hostileDraftIsRefusedInPreviewWithLineAndColumn() {
        String admin = TestTokens.bearer(TestTokens.token("ops", "rules-admin"));
        for (String when : new String[] {NESTED_REPETITION, GROWING_STRINGS}) {
            given().header("Authorization", admin)
                    .contentType(ContentType.JSON)
                    .body(preview(when))
                    .when()
                    .post("/api/v1/screenings/preview")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("rules[0].when"))
                    .body("errors[0].line", equalTo(1))
                    .body("errors[0].column", greaterThan(0));
        }
    }

    @Test
    void validateAndSaveRefuseHostileRules() {
        String admin = TestTokens.bearer(TestTokens.token("ops", "rules-admin"));
        for (String when : new String[] {NESTED_REPETITION, GROWING_STRINGS}) {
            given().header("Authorization", admin)
                    .contentType(ContentType.JSON)
                    .body(rule(when))
                    .when()
                    .post("/api/v1/rules/validate")
                    .then()
                    .statusCode(200)
                    .body("valid", equalTo(false))
                    .body("errors[0].line", equalTo(1))
                    .body("errors[0].column", greaterThan(0));
            String etag = given().header("Authorization", admin)
                    .when()
                    .get("/api/v1/rules")
                    .then()
                    .statusCode(200)
                    .extract()
                    .header("ETag");
            given().header("Authorization", admin)
                    .header("If-Match", etag)
                    .contentType(ContentType.JSON)
                    .body(rule(when))
                    .when()
                    .post("/api/v1/rules")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json");
        }
    }
}
