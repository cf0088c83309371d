package dev.bonafide.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.StoredRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input, on the screening and the rules endpoints: each gets its status and a
 * problem+json body with a clear detail, no stack trace or class name, and nothing is written.
 */
@QuarkusTest
class BadInputTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsTestApp() {
        dev.bonafide.TestTokens.callAsTestAppWithAllRoles();
    }

    private static final String VALID = """
            {"message": "Hello", "mutualConnections": 1, "requesterNetworkSize": 100}""";
    private static final String RULE = """
            {"id": "bad-input-rule", "when": "hasNote", "points": 1, "explanation": "fine"}""";

    /** One bad call: what it is, and what it sends. */
    record Case(String name, int status, Function<RequestSpecification, Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case json(String name, int status, String method, String path, String body) {
        return new Case(
                name, status, r -> r.contentType("application/json").body(body).request(method, path));
    }

    private static Case rule(String name, int status, String body) {
        return new Case(
                name,
                status,
                r -> r.contentType("application/json")
                        .header("If-Match", inForce())
                        .body(body)
                        .post("/api/v1/rules"));
    }

    /** The ETag of the ruleset in force, so that only the bad part of a change is wrong. */
    private static String inForce() {
        return given().get("/api/v1/rules").then().statusCode(200).extract().header("ETag");
    }

    static Stream<Arguments> cases() {
        String deep = "{\"message\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}";
        String huge = "{\"message\": \"" + "x".repeat(70_000) + "\"}";
        String manyFields = "{"
                + "\"f%d\": 1, "
                        .repeat(3_000)
                        .formatted(java.util.stream.IntStream.range(0, 3_000)
                                .boxed()
                                .toArray()) + "\"mutualConnections\": 1, \"requesterNetworkSize\": 2}";
        byte[] invalidUtf8 = "{\"message\": \"caf\u00e9\", \"mutualConnections\": 1, \"requesterNetworkSize\": 2}"
                .getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                        json("malformed JSON", 400, "POST", "/api/v1/screenings", "{\"message\": \"hi\","),
                        json("empty body", 400, "POST", "/api/v1/screenings", ""),
                        json("JSON null body", 400, "POST", "/api/v1/screenings", "null"),
                        json("array instead of object", 400, "POST", "/api/v1/screenings", "[" + VALID + "]"),
                        json("trailing garbage", 400, "POST", "/api/v1/screenings", VALID + " {}"),
                        json(
                                "duplicate field",
                                400,
                                "POST",
                                "/api/v1/screenings",
                                VALID.replace("}", ", \"mutualConnections\": 2}")),
                        new Case(
                                "wrong content type",
                                415,
                                r -> r.contentType("text/plain").body(VALID).post("/api/v1/screenings")),
                        new Case(
                                "XML body",
                                415,
                                r -> r.contentType("application/xml")
                                        .body("<a/>")
                                        .post("/api/v1/screenings")),
                        new Case(
                                "answer only as XML",
                                406,
                                r -> r.contentType("application/json")
                                        .accept("application/xml")
                                        .body(VALID)
                                        .post("/api/v1/screenings")),
                        json("body over 64 KiB", 413, "POST", "/api/v1/screenings", huge),
                        new Case(
                                "invalid UTF-8",
                                400,
                                r -> r.contentType("application/json")
                                        .body(invalidUtf8)
                                        .post("/api/v1/screenings")),
                        json(
                                "NUL in the note",
                                400,
                                "POST",
                                "/api/v1/screenings",
                                VALID.replace("Hello", "Hel\\u0000lo")),
                        json(
                                "bell in the headline",
                                400,
                                "POST",
                                "/api/v1/screenings",
                                VALID.replace("}", ", \"requester\": {\"headline\": \"ding\\u0007\"}}")),
                        json(
                                "space in an id",
                                400,
                                "POST",
                                "/api/v1/screenings",
                                VALID.replace("}", ", \"recipientId\": \"a b\"}")),
                        json("count too large", 400, "POST", "/api/v1/screenings", VALID.replace("100", "10000001")),
                        json(
                                "count beyond a long",
                                400,
                                "POST",
                                "/api/v1/screenings",
                                VALID.replace("100", "123456789012345678901234567890")),
                        json("negative count", 400, "POST", "/api/v1/screenings", VALID.replace("100", "-1")),
                        json("fractional count", 400, "POST", "/api/v1/screenings", VALID.replace("100", "100.5")),
                        json("exponent count", 400, "POST", "/api/v1/screenings", VALID.replace("100", "1e2")),
                        json("count as string", 400, "POST", "/api/v1/screenings", VALID.replace("100", "\"100\"")),
                        json(
                                "boolean as string",
                                400,
                                "POST",
                                "/api/v1/screenings",
                                VALID.replace("}", ", \"knownToRecipient\": \"true\"}")),
                        json("note as number", 400, "POST", "/api/v1/screenings", VALID.replace("\"Hello\"", "42")),
                        json(
                                "null for a required count",
                                400,
                                "POST",
                                "/api/v1/screenings",
                                VALID.replace("100", "null")),
                        json("missing required count", 400, "POST", "/api/v1/screenings", "{\"mutualConnections\": 1}"),
                        json("deeply nested JSON", 400, "POST", "/api/v1/screenings", deep),
                        json("thousands of unknown fields", 400, "POST", "/api/v1/screenings", manyFields),
                        json(
                                "unknown field",
                                400,
                                "POST",
                                "/api/v1/screenings",
                                VALID.replace("}", ", \"friends\": 3}")),
                        json(
                                "note over 5,000 characters",
                                400,
                                "POST",
                                "/api/v1/screenings",
                                VALID.replace("Hello", "x".repeat(5_001))),
                        new Case(
                                "wrong method",
                                405,
                                r -> r.contentType("application/json")
                                        .body(VALID)
                                        .patch("/api/v1/screenings")),
                        new Case("unknown path", 404, r -> r.get("/api/v1/screenings-typo")),
                        new Case("unknown path outside the API", 404, r -> r.get("/nothing/here")),
                        new Case("malformed screening id", 404, r -> r.get("/api/v1/screenings/12345")),
                        new Case(
                                "malformed cursor",
                                400,
                                r -> r.queryParam("cursor", "%%%").get("/api/v1/screenings")),
                        new Case(
                                "page size too large",
                                400,
                                r -> r.queryParam("limit", "1000").get("/api/v1/screenings")),
                        new Case(
                                "malformed Idempotency-Key",
                                400,
                                r -> r.contentType("application/json")
                                        .header("Idempotency-Key", "a\tb")
                                        .body(VALID)
                                        .post("/api/v1/screenings")),
                        json("preview without request", 400, "POST", "/api/v1/screenings/preview", "{}"),
                        rule("rule: malformed JSON", 400, "{\"id\": "),
                        rule("rule: points as string", 400, RULE.replace("1,", "\"ten\",")),
                        rule("rule: fractional points", 400, RULE.replace("1,", "1.5,")),
                        rule("rule: unknown field", 400, RULE.replace("}", ", \"weight\": 3}")),
                        rule("rule: missing when", 400, "{\"id\": \"x\", \"points\": 1, \"explanation\": \"x\"}"),
                        rule("rule: NUL in explanation", 400, RULE.replace("fine", "fi\\u0000ne")),
                        rule("rule: action REVIEW", 422, RULE.replace("}", ", \"action\": \"REVIEW\"}")),
                        rule("rule: unknown action", 400, RULE.replace("}", ", \"action\": \"MAYBE\"}")),
                        rule("rule: does not compile", 422, RULE.replace("hasNote", "hasNote &&")),
                        new Case(
                                "rule: no If-Match",
                                428,
                                r -> r.contentType("application/json")
                                        .body(RULE)
                                        .post("/api/v1/rules")),
                        new Case(
                                "rule: malformed If-Match",
                                400,
                                r -> r.contentType("application/json")
                                        .header("If-Match", "v1")
                                        .body(RULE)
                                        .post("/api/v1/rules")),
                        new Case(
                                "rule: wrong content type",
                                415,
                                r -> r.contentType("text/plain")
                                        .header("If-Match", "\"1\"")
                                        .body(RULE)
                                        .post("/api/v1/rules")),
                        new Case("rule: wrong method", 405, r -> r.patch("/api/v1/rules")),
                        new Case(
                                "rule: comment too long",
                                400,
                                r -> r.contentType("application/json")
                                        .header("If-Match", "\"1\"")
                                        .header("X-Change-Comment", "a".repeat(1001))
                                        .body(RULE)
                                        .post("/api/v1/rules")),
                        new Case(
                                "thresholds as strings",
                                400,
                                r -> r.contentType("application/json")
                                        .header("If-Match", "\"1\"")
                                        .body("{\"acceptThreshold\": \"70\", \"declineThreshold\": 30}")
                                        .put("/api/v1/thresholds")),
                        new Case("malformed ruleset version", 404, r -> r.get("/api/v1/rulesets/v2")),
                        new Case(
                                "ruleset page size zero",
                                400,
                                r -> r.queryParam("limit", "0").get("/api/v1/rulesets")),
                        new Case(
                                "validate: malformed JSON",
                                400,
                                r -> r.contentType("application/json").body("{").post("/api/v1/rules/validate")))
                .map(Arguments::of);
    }

    private static long rows() {
        return StoredRows.count("screening") + StoredRows.count("ruleset_version");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsAnsweredClearlyAndWritesNothing(Case bad) {
        long before = rows();

        Response response = bad.call().apply(given());

        assertThat(response.statusCode()).as(bad.name()).isEqualTo(bad.status());
        assertThat(response.contentType()).as(bad.name()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(bad.status());
        assertThat(response.jsonPath().getString("type")).startsWith("urn:bonafide:problem:");
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        assertThat(response.asString())
                .doesNotContain(
                        "Exception", "\tat ", "java.", "com.fasterxml", "dev.bonafide", "org.hibernate", "io.quarkus");
        assertThat(rows()).as("rows written by: " + bad.name()).isEqualTo(before);
    }
}
