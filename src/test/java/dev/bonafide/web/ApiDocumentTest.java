package dev.bonafide.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document tells the truth about errors: every error status of every operation has the
 * Problem schema and an example with that status, and the examples carry the type, title and status
 * the service really answers.
 */
@QuarkusTest
class ApiDocumentTest {

    private static final String SCREENING = """
            {"message": "Hello, I'm Jo from the climbing club.", "mutualConnections": 2, "requesterNetworkSize": 80}
            """;

    @BeforeEach
    void anonymous() {
        TestTokens.callAnonymously();
    }

    private static Map<String, Object> document() {
        return given().accept(ContentType.JSON)
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** The documented problem examples of one operation and status. */
    private static List<Map<String, Object>> documented(String method, String path, int status) {
        Map<String, Object> operation =
                map(map(map(document().get("paths")).get(path)).get(method.toLowerCase()));
        assertThat(operation).as("%s %s is documented", method, path).isNotNull();
        Map<String, Object> response = map(map(operation.get("responses")).get(Integer.toString(status)));
        assertThat(response).as("%s %s documents %d", method, path, status).isNotNull();
        assertThat(map(response.get("content")))
                .as("%s %s %d has a body", method, path, status)
                .isNotNull()
                .containsKey(Problem.MEDIA_TYPE);
        Map<String, Object> media = map(map(response.get("content")).get(Problem.MEDIA_TYPE));
        assertThat(map(media.get("examples")))
                .as("%s %s %d has examples", method, path, status)
                .isNotNull();
        List<Map<String, Object>> examples = new ArrayList<>();
        map(media.get("examples"))
                .values()
                .forEach(example -> examples.add(map(map(example).get("value"))));
        return examples;
    }

    /** The real answer has the type, title and status of one of the documented examples. */
    private static void answersAsDocumented(Response answer, String method, String path, int status) {
        assertThat(answer.statusCode()).as("status of %s %s", method, path).isEqualTo(status);
        assertThat(answer.contentType()).startsWith(Problem.MEDIA_TYPE);
        JsonPath body = answer.jsonPath();
        List<String> real =
                List.of(body.getString("type"), body.getString("title"), Integer.toString(body.getInt("status")));
        List<List<String>> examples = documented(method, path, status).stream()
                .map(e -> List.of(
                        String.valueOf(e.get("type")), String.valueOf(e.get("title")), String.valueOf(e.get("status"))))
                .toList();
        assertThat(examples)
                .as("documented examples of %d on %s %s", status, method, path)
                .contains(real);
    }

    @Test
    void everyErrorStatusOfEveryOperationHasTheProblemSchemaAndAnExampleWithThatStatus() {
        Map<String, Object> document = document();
        List<String> checked = new ArrayList<>();
        map(document.get("paths"))
                .forEach((path, item) -> map(item)
                        .forEach((method, operation) -> map(map(operation).get("responses"))
                                .forEach((code, response) -> {
                                    int status = Integer.parseInt(code);
                                    if (status < 400) {
                                        return;
                                    }
                                    String where = method.toUpperCase() + " " + path + " " + code;
                                    Map<String, Object> content =
                                            map(map(response).get("content"));
                                    assertThat(content)
                                            .as(where + " has a body")
                                            .isNotNull()
                                            .containsKey(Problem.MEDIA_TYPE);
                                    Map<String, Object> media = map(content.get(Problem.MEDIA_TYPE));
                                    assertThat(map(media.get("schema")))
                                            .as(where + " schema")
                                            .containsEntry("$ref", "#/components/schemas/Problem");
                                    Map<String, Object> examples = map(media.get("examples"));
                                    assertThat(examples)
                                            .as(where + " has examples")
                                            .isNotEmpty();
                                    examples.forEach((name, example) -> {
                                        Map<String, Object> value =
                                                map(map(example).get("value"));
                                        assertThat(value)
                                                .as(where + " example " + name)
                                                .isNotNull();
                                        assertThat(value.get("status"))
                                                .as(where + " example " + name + " status")
                                                .isEqualTo(status);
                                        assertThat(String.valueOf(value.get("type")))
                                                .as(where + " example " + name + " type")
                                                .startsWith("urn:bonafide:problem:");
                                        assertThat(String.valueOf(value.get("title")))
                                                .as(where + " example " + name + " title")
                                                .isNotBlank();
                                    });
                                    checked.add(where);
                                })));
        assertThat(checked)
                .contains(
                        "POST /api/v1/screenings 401",
                        "POST /api/v1/screenings 403",
                        "POST /api/v1/screenings 409",
                        "POST /api/v1/screenings 413",
                        "POST /api/v1/screenings 415",
                        "GET /api/v1/rules 401");
    }

    @Test
    void theDocumentDeclaresARelativeServerAndTheTokenCommandAsCode() {
        JsonPath document = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(document.getList("servers.url")).containsExactly("/");
        assertThat(document.getString("components.securitySchemes.bearer.description"))
                .contains("`scripts/dev-token.sh <role> <app-id>`");
    }

    @Test
    void unauthorizedAndForbiddenAnswerAsDocumented() {
        answersAsDocumented(
                given().contentType(ContentType.JSON).body(SCREENING).post("/api/v1/screenings"),
                "POST",
                "/api/v1/screenings",
                401);
        answersAsDocumented(
                given().header("Authorization", "Bearer not-a-token").get("/api/v1/rules"),
                "GET",
                "/api/v1/rules",
                401);
        answersAsDocumented(
                given().header("Authorization", TestTokens.bearer(TestTokens.token("doc-app", "auditor")))
                        .contentType(ContentType.JSON)
                        .body(SCREENING)
                        .post("/api/v1/screenings"),
                "POST",
                "/api/v1/screenings",
                403);
    }

    private static String all() {
        return TestTokens.bearer(TestTokens.token("doc-app", "screener", "rules-admin", "auditor"));
    }

    @Test
    void notFoundAnswersAsDocumented() {
        answersAsDocumented(
                given().header("Authorization", all()).get("/api/v1/screenings/" + UUID.randomUUID()),
                "GET",
                "/api/v1/screenings/{id}",
                404);
        answersAsDocumented(
                given().header("Authorization", all()).get("/api/v1/rules/no-such-rule"),
                "GET",
                "/api/v1/rules/{id}",
                404);
        answersAsDocumented(
                given().header("Authorization", all()).get("/api/v1/rulesets/999999"),
                "GET",
                "/api/v1/rulesets/{version}",
                404);
    }

    @Test
    void bodyTooLargeAndNotJsonAnswerAsDocumented() {
        String large = "{\"message\": \"" + "a".repeat(70_000) + "\"}";
        answersAsDocumented(
                given().header("Authorization", all())
                        .contentType(ContentType.JSON)
                        .body(large)
                        .post("/api/v1/screenings"),
                "POST",
                "/api/v1/screenings",
                413);
        answersAsDocumented(
                given().header("Authorization", all())
                        .contentType(ContentType.TEXT)
                        .body("hello")
                        .post("/api/v1/screenings"),
                "POST",
                "/api/v1/screenings",
                415);
        answersAsDocumented(
                given().header("Authorization", all())
                        .contentType(ContentType.TEXT)
                        .body("hello")
                        .post("/api/v1/rules"),
                "POST",
                "/api/v1/rules",
                415);
    }

    @Test
    void conflictsAnswerAsDocumented() {
        String key = UUID.randomUUID().toString();
        given().header("Authorization", all())
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(SCREENING)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201);
        answersAsDocumented(
                given().header("Authorization", all())
                        .header("Idempotency-Key", key)
                        .contentType(ContentType.JSON)
                        .body(SCREENING.replace("80", "81"))
                        .post("/api/v1/screenings"),
                "POST",
                "/api/v1/screenings",
                409);

        String version = given().header("Authorization", all())
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        answersAsDocumented(
                given().header("Authorization", all())
                        .header("If-Match", version)
                        .contentType(ContentType.JSON)
                        .body("""
                                {"id": "large-network", "when": "requesterNetworkSize >= 1000", "points": -5,
                                 "explanation": "The requester has {requesterNetworkSize} connections."}
                                """)
                        .post("/api/v1/rules"),
                "POST",
                "/api/v1/rules",
                409);
    }

    @Test
    void preconditionsAndRejectedRulesAnswerAsDocumented() {
        String rule = """
                {"id": "large-network", "when": "requesterNetworkSize >", "points": -5, "explanation": "Large."}
                """;
        answersAsDocumented(
                given().header("Authorization", all())
                        .contentType(ContentType.JSON)
                        .body(rule)
                        .put("/api/v1/rules/large-network"),
                "PUT",
                "/api/v1/rules/{id}",
                428);
        answersAsDocumented(
                given().header("Authorization", all())
                        .header("If-Match", "\"999999\"")
                        .contentType(ContentType.JSON)
                        .body(rule.replace("requesterNetworkSize >", "true"))
                        .put("/api/v1/rules/large-network"),
                "PUT",
                "/api/v1/rules/{id}",
                412);
        String version = given().header("Authorization", all())
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        answersAsDocumented(
                given().header("Authorization", all())
                        .header("If-Match", version)
                        .contentType(ContentType.JSON)
                        .body(rule)
                        .put("/api/v1/rules/large-network"),
                "PUT",
                "/api/v1/rules/{id}",
                422);
        answersAsDocumented(
                given().header("Authorization", all())
                        .contentType(ContentType.JSON)
                        .body("{\"message\": 3}")
                        .post("/api/v1/screenings"),
                "POST",
                "/api/v1/screenings",
                400);
        answersAsDocumented(
                given().header("Authorization", all())
                        .queryParam("limit", "1000")
                        .get("/api/v1/screenings"),
                "GET",
                "/api/v1/screenings",
                400);
    }
}
