package dev.bonafide.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.bonafide.StoredRows;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Editing the ruleset in force. Every test leaves the rules as it found them (versions keep growing). */
@QuarkusTest
class RulesResourceTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsTestApp() {
        dev.bonafide.TestTokens.callAsTestAppWithAllRoles();
        // The default ruleset is seeded beside start-up; reading the rules waits for it, so that
        // tests counting stored versions start after it.
        version();
    }

    private static final String STRANGER = """
            {"message": "Hello there, nice profile", "mutualConnections": 0, "requesterNetworkSize": 300}
            """;

    private static long version() {
        return Long.parseLong(given().when()
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag")
                .replace("\"", "")
                .replace("W/", ""));
    }

    private static RequestSpecification change(long base) {
        return given().contentType(ContentType.JSON).header("If-Match", "\"" + base + "\"");
    }

    private static String rule(String id, String when, int points) {
        return rule(id, when, points, true);
    }

    private static String rule(String id, String when, int points, boolean enabled) {
        return """
                {"id": "%s", "description": "test rule", "when": "%s", "points": %d,
                 "explanation": "Test rule fired with {wordCount} word(s).", "enabled": %b}
                """.formatted(id, when.replace("\"", "\\\""), points, enabled);
    }

    private static long storedScreenings() {
        return StoredRows.count("screening");
    }

    private static long storedVersions() {
        return QuarkusTransaction.requiringNew().call(() -> RulesetVersion.count());
    }

    @Test
    void rulesInForceCarryTheirVersionAsETag() {
        long version = version();
        given().when()
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .body("version", equalTo((int) version))
                .body("acceptThreshold", notNullValue())
                .body("rules.id", hasItem("large-network"));
        given().when()
                .get("/api/v1/rules/large-network")
                .then()
                .statusCode(200)
                .header("ETag", containsString(Long.toString(version)))
                .body("when", equalTo("requesterNetworkSize >= 1000"));
        given().when().get("/api/v1/rules/no-such-rule").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void brokenRuleIsRejectedWithItsPositionAndTheOldRulesetStays() {
        long before = version();

        change(before)
                .body(rule("broken-rule", "hasNote &&\\n  requesterNetworkSize >", -10))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", containsString(".when"))
                .body("errors[0].line", equalTo(2))
                .body("errors[0].column", notNullValue())
                .body("detail", containsString("line 2"));

        assertThat(version()).isEqualTo(before);
        given().contentType(ContentType.JSON)
                .body(STRANGER)
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("rulesetVersion", equalTo((int) before));
    }

    @Test
    void unknownFactNonBooleanOutOfRangeAndDuplicateAreRefused() {
        long base = version();
        change(base)
                .body(rule("uses-followers", "followers > 10", -5))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(422)
                .body("errors[0].message", containsString("followers"));
        change(base)
                .body(rule("not-bool", "wordCount + 1", -5))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(422)
                .body("errors[0].field", containsString("when"));
        change(base)
                .body(rule("too-many-points", "hasNote", 150))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(422)
                .body("errors[0].field", containsString("points"));
        change(base)
                .body(rule("large-network", "hasNote", -5))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("id"));
        change(base)
                .body(rule("bad explanation", "hasNote", -5).replace("{wordCount}", "{nonsense}"))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(422)
                .body("errors.field", hasItem(containsString("explanation")));
        assertThat(version()).isEqualTo(base);
    }

    @Test
    void changesNeedIfMatchAndAStaleBaseIsRefused() {
        long base = version();
        given().contentType(ContentType.JSON)
                .body(rule("no-precondition", "hasNote", 1))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(428)
                .contentType("application/problem+json");
        change(base - 1 < 1 ? base + 100 : base - 1)
                .body(rule("stale-base", "hasNote", 1))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(412)
                .body("detail", containsString("version " + base + " is in force"));
        given().contentType(ContentType.JSON)
                .header("If-Match", "yesterday")
                .body(rule("bad-etag", "hasNote", 1))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(400);
        assertThat(version()).isEqualTo(base);
    }

    @Test
    void addChangeAndDeleteEachMakeAVersionWithAuthorAndComment() {
        long base = version();
        String created = change(base)
                .header("X-Change-Comment", "catch long notes without a reason")
                .body(rule("long-note-no-reason", "wordCount > 3 && !givesReason", -7))
                .when()
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/rules/long-note-no-reason"))
                .header("ETag", containsString(Long.toString(base + 1)))
                .body("version", equalTo((int) base + 1))
                .body("author", equalTo("test-app"))
                .body("change", equalTo("added rule long-note-no-reason"))
                .body("comment", equalTo("catch long notes without a reason"))
                .extract()
                .header("Location");
        assertThat(created).endsWith("/api/v1/rules/long-note-no-reason");

        given().contentType(ContentType.JSON)
                .body(STRANGER)
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("rulesetVersion", equalTo((int) base + 1))
                .body(
                        "reasons.find { it.ruleId == 'long-note-no-reason' }.explanation",
                        equalTo("Test rule fired with 4 word(s)."));

        change(base + 1)
                .body(rule("long-note-no-reason", "wordCount > 3 && !givesReason", -7, false))
                .when()
                .put("/api/v1/rules/long-note-no-reason")
                .then()
                .statusCode(200)
                .body("version", equalTo((int) base + 2))
                .body("change", equalTo("changed rule long-note-no-reason"));
        given().contentType(ContentType.JSON)
                .body(STRANGER)
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("reasons.ruleId", not(hasItem("long-note-no-reason")));

        change(base + 2)
                .when()
                .delete("/api/v1/rules/long-note-no-reason")
                .then()
                .statusCode(200)
                .body("version", equalTo((int) base + 3))
                .body("rules.id", not(hasItem("long-note-no-reason")));

        given().when()
                .get("/api/v1/rulesets/" + (base + 1))
                .then()
                .statusCode(200)
                .body("rules.id", hasItem("long-note-no-reason"))
                .body("author", equalTo("test-app"));
        given().queryParam("limit", 2)
                .when()
                .get("/api/v1/rulesets")
                .then()
                .statusCode(200)
                .body("versions[0].version", equalTo((int) base + 3))
                .body("versions[0].change", equalTo("deleted rule long-note-no-reason"))
                .body("versions[1].version", equalTo((int) base + 2))
                .body("nextBefore", equalTo((int) base + 2));
        change(base + 3)
                .when()
                .delete("/api/v1/rules/long-note-no-reason")
                .then()
                .statusCode(404);
    }

    @Test
    void screeningKeepsTheVersionItWasScoredWith() {
        long base = version();
        String location = given().contentType(ContentType.JSON)
                .body(STRANGER)
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");

        change(base)
                .body("{\"acceptThreshold\": 70, \"declineThreshold\": 30}")
                .when()
                .put("/api/v1/thresholds")
                .then()
                .statusCode(200)
                .body("acceptThreshold", equalTo(70))
                .body("version", equalTo((int) base + 1));
        change(base + 1)
                .body("{\"acceptThreshold\": 65, \"declineThreshold\": 35}")
                .when()
                .put("/api/v1/thresholds")
                .then()
                .statusCode(200);

        given().when().get(location).then().statusCode(200).body("rulesetVersion", equalTo((int) base));
    }

    @Test
    void thresholdsOutOfOrderAreRefused() {
        long base = version();
        change(base)
                .body("{\"acceptThreshold\": 30, \"declineThreshold\": 60}")
                .when()
                .put("/api/v1/thresholds")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("declineThreshold"));
        change(base)
                .body("{\"acceptThreshold\": 130}")
                .when()
                .put("/api/v1/thresholds")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("acceptThreshold"))
                .body("errors.field", hasItem("declineThreshold"));
        assertThat(version()).isEqualTo(base);
    }

    @Test
    void concurrentEditsFromTheSameBaseNeverBothWin() throws Exception {
        long base = version();
        long versionsBefore = storedVersions();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int points : new int[] {-6, -4}) {
                Callable<Response> edit = () -> {
                    start.await();
                    return change(base).body("""
                            {"id": "large-network", "when": "requesterNetworkSize >= 1000", "points": %d,
                             "explanation": "The requester has {requesterNetworkSize} connections, more than a thousand."}
                            """.formatted(points)).when().put("/api/v1/rules/large-network");
                };
                answers.add(pool.submit(edit));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                statuses.add(answer.get().statusCode());
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 412);
            assertThat(storedVersions()).isEqualTo(versionsBefore + 1);
        } finally {
            pool.shutdownNow();
            change(version())
                    .body("""
                    {"id": "large-network", "description": "The requester has over a thousand connections.",
                     "when": "requesterNetworkSize >= 1000", "points": -5,
                     "explanation": "The requester has {requesterNetworkSize} connections, more than a thousand."}
                    """)
                    .when()
                    .put("/api/v1/rules/large-network")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void validateReportsProblemsAndSavesNothing() {
        long versions = storedVersions();
        given().contentType(ContentType.JSON)
                .body(rule("check-me", "requesterNetworkSize >", -5))
                .when()
                .post("/api/v1/rules/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("errors[0].field", equalTo("when"))
                .body("errors[0].line", equalTo(1))
                .body("errors[0].column", notNullValue());
        given().contentType(ContentType.JSON)
                .body(rule("check-me", "requesterNetworkSize > 5", -5))
                .when()
                .post("/api/v1/rules/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
        assertThat(storedVersions()).isEqualTo(versions);
    }

    @Test
    void previewWritesNothingAndShowsDraftBesideRulesInForce() {
        long screenings = storedScreenings();
        long versions = storedVersions();
        given().contentType(ContentType.JSON)
                .body("""
                {"request": {"message": "Hi! I just couldn't resist the smile in your picture.",
                             "mutualConnections": 1, "requesterNetworkSize": 1200,
                             "requester": {"headline": "Professional networker"}},
                 "draft": {"rules": [
                    {"id": "flatters-looks", "when": "flattersLooks", "points": -10,
                     "explanation": "The note flatters the recipient's looks."}]}}
                """)
                .when()
                .post("/api/v1/screenings/preview")
                .then()
                .statusCode(200)
                .body("inForce.verdict", equalTo("DECLINE"))
                .body("inForce.rulesetVersion", equalTo((int) version()))
                .body("inForce.reasons.ruleId", hasItem("networker-headline"))
                .body("draft.verdict", equalTo("REVIEW"))
                .body("draft.score", equalTo(40))
                .body("draft.reasons[0].explanation", equalTo("The note flatters the recipient's looks."));
        given().contentType(ContentType.JSON)
                .body("""
                {"request": {"mutualConnections": 0, "requesterNetworkSize": 300}}
                """)
                .when()
                .post("/api/v1/screenings/preview")
                .then()
                .statusCode(200)
                .body("draft", org.hamcrest.Matchers.nullValue())
                .body("inForce.reasons.ruleId", hasItem("no-note-from-stranger"));
        given().contentType(ContentType.JSON)
                .body("""
                {"request": {"mutualConnections": 0, "requesterNetworkSize": 300},
                 "draft": {"rules": [{"id": "x", "when": "nope >", "points": 1, "explanation": "x"}]}}
                """)
                .when()
                .post("/api/v1/screenings/preview")
                .then()
                .statusCode(422)
                .body("errors[0].line", equalTo(1));
        assertThat(storedScreenings()).isEqualTo(screenings);
        assertThat(storedVersions()).isEqualTo(versions);
    }

    @Test
    void rulesetHistoryRejectsBadVersions() {
        given().when().get("/api/v1/rulesets/abc").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/rulesets/999999").then().statusCode(404);
        given().queryParam("limit", 0).when().get("/api/v1/rulesets").then().statusCode(400);
        given().when()
                .get("/api/v1/rulesets/1")
                .then()
                .statusCode(200)
                .body("author", equalTo("system"))
                .body("rules.id", hasItem("known-contact"));
    }
}
