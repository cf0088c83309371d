package dev.bonafide.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.bonafide.StoredRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScreeningResourceTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsTestApp() {
        dev.bonafide.TestTokens.callAsTestAppWithAllRoles();
    }

    private static long storedScreenings() {
        return StoredRows.count("screening");
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/screenings")
                .then();
    }

    /** Asserts a problem+json answer with the status, and that nothing was stored. */
    private static ValidatableResponse expectProblem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("dev.bonafide")));
    }

    @Test
    void createdScreeningIsStoredAndReadBack() {
        String location = post("""
                {"message": "Hi, I'm Ana, I read your article on trust and would like to connect.",
                 "mutualConnections": 2, "requesterNetworkSize": 340,
                 "requester": {"id": "req-42", "headline": "Product designer"}, "recipientId": "rec-7"}
                """)
                .statusCode(201)
                .header("Location", containsString("/api/v1/screenings/"))
                .body("id", notNullValue())
                .body("createdAt", notNullValue())
                .body("rulesetVersion", greaterThanOrEqualTo(1))
                .body("request.requester.id", equalTo("req-42"))
                .extract()
                .header("Location");

        String id = location.substring(location.lastIndexOf('/') + 1);
        given().when()
                .get(location)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("verdict", equalTo("ACCEPT"))
                .body("request.message", containsString("I read your article"))
                .body("request.recipientId", equalTo("rec-7"))
                .body("reasons.ruleId", hasItem("knows-recipient-work"));
    }

    @Test
    void reasonsComeLargestEffectFirst() {
        List<Integer> points = post("""
                {"message": "Couldn't resist your smile! Check out my channel http://x.example/v",
                 "mutualConnections": 1, "requesterNetworkSize": 6000}
                """).statusCode(201).extract().jsonPath().getList("reasons.points", Integer.class);

        List<Integer> effects = points.stream().map(Math::abs).toList();
        assertThat(effects).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(points).hasSizeGreaterThan(3);
    }

    @Test
    void unknownScreeningIsNotFound() {
        expectProblem(
                        given().when()
                                .get("/api/v1/screenings/7a1f0000-0000-4000-8000-000000000000")
                                .then(),
                        404)
                .body("detail", containsString("7a1f0000-0000-4000-8000-000000000000"));
        expectProblem(given().when().get("/api/v1/screenings/not-a-uuid").then(), 404)
                .body("detail", containsString("not a screening id"));
    }

    @Test
    void invalidFieldsAreListedAndNothingIsStored() {
        long before = storedScreenings();
        expectProblem(post("""
                {"message": "hi", "mutualConnections": -1, "requester": {"id": "%s"}}
                """.formatted("x".repeat(129))), 400)
                .body("errors", hasSize(3))
                .body("errors.find { it.field == 'mutualConnections' }.message", equalTo("must not be negative"))
                .body("errors.find { it.field == 'requesterNetworkSize' }.message", equalTo("is required"))
                .body("errors.find { it.field == 'requester.id' }.message", containsString("128"));
        assertThat(storedScreenings()).isEqualTo(before);
    }

    @Test
    void oversizedNoteAndCountsBeyondAnyNetworkAreRejected() {
        long before = storedScreenings();
        expectProblem(post("""
                {"message": "%s", "mutualConnections": 0, "requesterNetworkSize": 10000001}
                """.formatted("a".repeat(5001))), 400)
                .body("errors.field", hasItem("message"))
                .body("errors.field", hasItem("requesterNetworkSize"));
        assertThat(storedScreenings()).isEqualTo(before);
    }

    @Test
    void wrongTypesNameTheField() {
        long before = storedScreenings();
        expectProblem(post("""
                {"mutualConnections": "12", "requesterNetworkSize": 300}
                """), 400).body("errors[0].field", equalTo("mutualConnections"));
        expectProblem(post("""
                {"mutualConnections": 1.5, "requesterNetworkSize": 300}
                """), 400).body("errors[0].field", equalTo("mutualConnections"));
        expectProblem(post("""
                {"mutualConnections": 1, "requesterNetworkSize": 300, "knownToRecipient": "yes"}
                """), 400).body("errors[0].field", equalTo("knownToRecipient"));
        expectProblem(post("""
                {"mutualConnections": 1, "requesterNetworkSize": 300, "requester": "bob"}
                """), 400).body("errors[0].field", equalTo("requester"));
        expectProblem(post("""
                {"mutualConnections": 99999999999999999999999, "requesterNetworkSize": 300}
                """), 400);
        assertThat(storedScreenings()).isEqualTo(before);
    }

    @Test
    void malformedEmptyAndUnknownBodiesAreRejected() {
        long before = storedScreenings();
        expectProblem(post("{\"mutualConnections\": 1,"), 400).body("type", endsWith("malformed-json"));
        expectProblem(post(""), 400);
        expectProblem(post("[1, 2]"), 400);
        expectProblem(post("null"), 400);
        expectProblem(post("""
                {"mutualConnections": 1, "requesterNetworkSize": 2, "mutualconnections": 3}
                """), 400)
                .body("errors[0].field", equalTo("mutualconnections"))
                .body("errors[0].message", equalTo("is not a known field"));
        expectProblem(post("""
                {"mutualConnections": null, "requesterNetworkSize": 2}
                """), 400).body("errors[0].field", equalTo("mutualConnections"));
        expectProblem(post("""
                {"message": "nul\\u0000here", "mutualConnections": 1, "requesterNetworkSize": 2}
                """), 400).body("errors[0].field", equalTo("message"));
        assertThat(storedScreenings()).isEqualTo(before);
    }

    @Test
    void bodyOverTheLimitIsRefusedBeforeItIsRead() {
        long before = storedScreenings();
        expectProblem(
                        post("{\"message\": \"" + "a".repeat(70_000)
                                + "\", \"mutualConnections\": 1, \"requesterNetworkSize\": 2}"),
                        413)
                .body("detail", containsString("65536"));
        assertThat(storedScreenings()).isEqualTo(before);
    }

    @Test
    void wrongMediaTypeMethodAndPathAreProblems() {
        expectProblem(
                given().contentType(ContentType.TEXT)
                        .body("hello")
                        .when()
                        .post("/api/v1/screenings")
                        .then(),
                415);
        expectProblem(
                given().when()
                        .delete("/api/v1/screenings/7a1f0000-0000-4000-8000-000000000000")
                        .then(),
                405);
        expectProblem(given().when().get("/api/v1/nothing-here").then(), 404);
    }

    @Test
    void noStackTraceOrClassNameInAnyError() {
        String body = post("{\"mutualConnections\": [1], \"requesterNetworkSize\": {}}")
                .statusCode(400)
                .extract()
                .asString();
        assertThat(body).doesNotContain("Exception", "java.", "com.fasterxml", "dev.bonafide", "\tat ");
        assertThat(body).contains("mutualConnections");
    }

    @Test
    void metricsCountVerdictsAndRuleHits() {
        post("""
                {"mutualConnections": 0, "requesterNetworkSize": 300}
                """).statusCode(201);
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics).contains("bonafide_screenings_total{verdict=\"DECLINE\"}");
        assertThat(metrics).contains("bonafide_rule_hits_total{rule=\"no-note-from-stranger\"}");
        assertThat(metrics).contains("bonafide_screening_duration_seconds_count");
    }

    @Test
    void readyWithDatabaseAndRuleset() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("ruleset"))
                .body("checks.find { it.name == 'ruleset' }.data.version", greaterThanOrEqualTo(1));
    }

    @Test
    void openApiDocumentsTheScreeningEndpoint() {
        Map<String, Object> post = given().accept("application/json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("Bonafide"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/screenings'.post.security", notNullValue())
                .body("paths.'/api/v1/screenings'.post.summary", notNullValue())
                .body(
                        "paths.'/api/v1/screenings'.post.requestBody.content.'application/json'.examples.networker",
                        notNullValue())
                .body("paths.'/api/v1/screenings/{id}'.get.responses.'404'", notNullValue())
                .body("paths.'/api/v1/screenings'.post.responses.'201'", notNullValue())
                .body("paths.'/api/v1/screenings'.post.responses.'400'", notNullValue())
                .extract()
                .jsonPath()
                .getMap("paths.'/api/v1/screenings'.post");
        assertThat(post).containsKey("operationId").doesNotContainKey("deprecated");
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().when()
                .get("/api/v1/screenings/7a1f0000-0000-4000-8000-000000000000")
                .then()
                .body("errors", nullValue());
    }
}
