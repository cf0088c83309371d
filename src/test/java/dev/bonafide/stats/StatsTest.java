package dev.bonafide.stats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bonafide.TestClock;
import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The statistics equal a brute-force count over the stored rows: 5,000 screenings of varied
 * requests over ten hours, with mixed feedback, some of it changed. The test counts the rows of
 * screening, screening_reason and screening_feedback itself and compares every figure.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsTest {

    private static final int SCREENINGS = 5_000;
    private static final int HOURS = 10;
    private static final String[] NOTES = {
        "",
        "Hi, I'm Dana, I lead the payments team at Acme. I read your post on idempotency keys and would like to compare notes.",
        "Hey gorgeous, love your pictures, add me!",
        "I'd like to add you to my professional network.",
        "Make money fast!!! Visit http://win.example now, free cash",
        "We worked together at Initech on the billing migration, good to find you here.",
        "CALL 07700900123 NOW FOR A FREE PRIZE",
        "Hello, I am a recruiter with several open roles; happy to share details.",
        "Your work on the open-source scheduler is great; I maintain a fork and have a question about it."
    };

    @Inject
    TestClock clock;

    @Inject
    DataSource dataSource;

    /** The app the test screens as: the test profile lifts its rate limit and CPU share. */
    private final String app = "stats-app";

    private Instant from;
    private Instant to;

    private String token(String who, String... roles) {
        return TestTokens.bearer(TestTokens.token(who, roles));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private boolean made;

    /** Once for the class, from the first test (RestAssured knows the port only in a test). */
    @BeforeEach
    void screenAndSendFeedbackOnce() throws Exception {
        if (!made) {
            made = true;
            screenAndSendFeedback();
        }
    }

    private void screenAndSendFeedback() throws Exception {
        Random random = new Random(42);
        String screener = token(app, "screener");
        Instant start = Instant.now();
        from = start.minus(Duration.ofHours(HOURS + 1));
        to = start.plus(Duration.ofHours(1));
        // Each hour's screenings at the half hour, HOURS distinct hours however long the seeding takes
        // and wherever the wall clock's hours fall.
        Instant base = start.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofMinutes(30));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String[]> made = new ArrayList<>();
        try {
            for (int hour = 0; hour < HOURS; hour++) {
                clock.reset();
                clock.advance(Duration.between(Instant.now(), base.minus(Duration.ofHours(hour))));
                List<Future<String[]>> answers = new ArrayList<>();
                for (int i = 0; i < SCREENINGS / HOURS; i++) {
                    String body = """
                            {"message": "%s", "mutualConnections": %d, "requesterNetworkSize": %d,
                             "requester": {"id": "req-%d"}, "recipientId": "rcp-%d"}""".formatted(
                                    NOTES[random.nextInt(NOTES.length)],
                                    random.nextInt(4) == 0 ? 0 : random.nextInt(40),
                                    10 + random.nextInt(4000),
                                    random.nextInt(300),
                                    random.nextInt(1000));
                    answers.add(pool.submit(() -> {
                        HttpResponse<String> answer = post(screener, "/api/v1/screenings", body);
                        assertThat(answer.statusCode()).isEqualTo(201);
                        JsonNode json = JSON.readTree(answer.body());
                        return new String[] {
                            json.get("id").asText(), json.get("createdAt").asText()
                        };
                    }));
                }
                for (Future<String[]> answer : answers) {
                    made.add(answer.get());
                }
            }
            clock.reset();
            // Feedback on about 60 %, and a later, different outcome for a tenth of those.
            String[] outcomes = {"ACCEPTED", "IGNORED", "REPORTED"};
            List<Future<Integer>> sent = new ArrayList<>();
            for (String[] screening : made) {
                if (random.nextInt(10) >= 6) {
                    continue;
                }
                Instant at = Instant.parse(screening[1]).plusSeconds(60);
                String first = outcomes[random.nextInt(3)];
                String second = random.nextInt(10) == 0 ? outcomes[random.nextInt(3)] : null;
                sent.add(pool.submit(() -> {
                    int status = feedback(screener, screening[0], first, at);
                    if (second != null) {
                        feedback(screener, screening[0], second, at.plusSeconds(60));
                    }
                    return status;
                }));
            }
            for (Future<Integer> status : sent) {
                assertThat(status.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private int feedback(String screener, String id, String outcome, Instant at) throws Exception {
        return post(
                        screener,
                        "/api/v1/screenings/" + id + "/feedback",
                        "{\"outcome\": \"" + outcome + "\", \"occurredAt\": \"" + at + "\"}")
                .statusCode();
    }

    /** Plain JDK HTTP and Jackson for the bulk of the data: REST Assured's Groovy costs milliseconds a request. */
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponse<String> post(String authorization, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                        .header("Authorization", authorization)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonPath stats(String bucket) {
        return given().header("Authorization", token(app, "screener"))
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .queryParam("bucket", bucket)
                .get("/api/v1/stats")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void verdictsPerBucketEqualACountOfTheRows() throws Exception {
        Map<Instant, Map<String, Long>> expected = new HashMap<>();
        long total = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement q =
                        c.prepareStatement("SELECT created_at, verdict FROM screening WHERE app_id = ?")) {
            q.setString(1, app);
            try (ResultSet row = q.executeQuery()) {
                while (row.next()) {
                    Instant hour =
                            row.getObject(1, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.HOURS);
                    expected.computeIfAbsent(hour, h -> new HashMap<>()).merge(row.getString(2), 1L, Long::sum);
                    total++;
                }
            }
        }
        assertThat(total).isEqualTo(SCREENINGS);
        JsonPath stats = stats("HOUR");
        assertThat(stats.getLong("screenings")).isEqualTo(total);
        List<Map<String, Object>> buckets = stats.getList("buckets");
        assertThat(buckets).hasSize((int) Duration.between(
                        from.truncatedTo(ChronoUnit.HOURS),
                        to.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)))
                .toHours());
        long counted = 0;
        for (Map<String, Object> bucket : buckets) {
            Map<String, Long> want = expected.getOrDefault(Instant.parse((String) bucket.get("start")), Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> got = (Map<String, Object>) bucket.get("byVerdict");
            for (String verdict : List.of("ACCEPT", "REVIEW", "DECLINE")) {
                assertThat(((Number) got.get(verdict)).longValue())
                        .as("%s at %s", verdict, bucket.get("start"))
                        .isEqualTo(want.getOrDefault(verdict, 0L));
            }
            counted += ((Number) bucket.get("total")).longValue();
        }
        assertThat(counted).isEqualTo(total);
        assertThat(expected.keySet()).hasSizeGreaterThanOrEqualTo(HOURS);
        // Day buckets add up to the same.
        assertThat(stats("DAY").getLong("screenings")).isEqualTo(total);
    }

    @Test
    void outcomesPerVerdictEqualACountOfTheRows() throws Exception {
        Map<String, Long> expected = count("""
                SELECT s.verdict || '/' || f.outcome, count(*) FROM screening s
                JOIN screening_feedback f ON f.screening_id = s.id WHERE s.app_id = ? GROUP BY s.verdict, f.outcome""");
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(2_500);
        for (Map<String, Object> verdict : stats("DAY").<Map<String, Object>>getList("verdicts")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> outcomes = (Map<String, Object>) verdict.get("outcomes");
            for (String outcome : List.of("ACCEPTED", "IGNORED", "REPORTED")) {
                assertThat(((Number) outcomes.get(outcome)).longValue())
                        .as("%s then %s", verdict.get("verdict"), outcome)
                        .isEqualTo(expected.getOrDefault(verdict.get("verdict") + "/" + outcome, 0L));
            }
        }
    }

    @Test
    void eachRulesHitsOutcomesAndPrecisionEqualACountOfTheRows() throws Exception {
        Map<String, Long> fired = count("""
                SELECT s.ruleset_version || '/' || r.rule_id, count(DISTINCT s.id) FROM screening s
                JOIN screening_reason r ON r.screening_id = s.id WHERE s.app_id = ? GROUP BY s.ruleset_version, r.rule_id""");
        Map<String, Long> firedOutcomes = count("""
                SELECT s.ruleset_version || '/' || r.rule_id || '/' || f.outcome, count(DISTINCT s.id) FROM screening s
                JOIN screening_reason r ON r.screening_id = s.id JOIN screening_feedback f ON f.screening_id = s.id
                WHERE s.app_id = ? GROUP BY s.ruleset_version, r.rule_id, f.outcome""");
        Map<String, Long> versionOutcomes = count("""
                SELECT s.ruleset_version || '/' || f.outcome, count(*) FROM screening s
                JOIN screening_feedback f ON f.screening_id = s.id WHERE s.app_id = ? GROUP BY s.ruleset_version, f.outcome""");
        Map<String, Long> versionScreenings = count(
                "SELECT '' || ruleset_version, count(*) FROM screening WHERE app_id = ? GROUP BY ruleset_version");
        List<Map<String, Object>> rules = stats("DAY").getList("rules");
        assertThat(rules).isNotEmpty();
        int checkedWithLabels = 0;
        boolean checkedWithoutLabels = false;
        for (Map<String, Object> rule : rules) {
            String key = rule.get("rulesetVersion") + "/" + rule.get("ruleId");
            long hits = fired.getOrDefault(key, 0L);
            assertThat(((Number) rule.get("fired")).longValue()).as(key).isEqualTo(hits);
            long screenings = versionScreenings.get(String.valueOf(rule.get("rulesetVersion")));
            // JsonPath reads JSON numbers as floats: compared to 1e-6.
            assertThat(((Number) rule.get("firedShare")).doubleValue())
                    .as(key)
                    .isCloseTo((double) hits / screenings, within(1e-6));
            @SuppressWarnings("unchecked")
            Map<String, Object> when = (Map<String, Object>) rule.get("whenFired");
            @SuppressWarnings("unchecked")
            Map<String, Object> whenNot = (Map<String, Object>) rule.get("whenNotFired");
            Map<String, Long> want = new HashMap<>();
            for (String outcome : List.of("ACCEPTED", "IGNORED", "REPORTED")) {
                long w = firedOutcomes.getOrDefault(key + "/" + outcome, 0L);
                want.put(outcome, w);
                assertThat(((Number) when.get(outcome)).longValue())
                        .as(key + " " + outcome)
                        .isEqualTo(w);
                long all = versionOutcomes.getOrDefault(rule.get("rulesetVersion") + "/" + outcome, 0L);
                assertThat(((Number) whenNot.get(outcome)).longValue())
                        .as(key + " not " + outcome)
                        .isEqualTo(all - w);
            }
            long labels = want.get("ACCEPTED") + want.get("REPORTED");
            assertThat(((Number) rule.get("labels")).longValue()).as(key).isEqualTo(labels);
            int points = ((Number) rule.get("points")).intValue();
            Object action = rule.get("action");
            Object precision = rule.get("precision");
            if (labels == 0 || (points == 0 && action == null)) {
                assertThat(precision).as(key).isNull();
                checkedWithoutLabels |= labels == 0;
            } else {
                boolean against = "DECLINE".equals(action) || (action == null && points < 0);
                double expected = (double) (against ? want.get("REPORTED") : want.get("ACCEPTED")) / labels;
                assertThat(((Number) precision).doubleValue()).as(key).isCloseTo(expected, within(1e-6));
                checkedWithLabels++;
            }
        }
        assertThat(checkedWithLabels).isGreaterThan(3);
        assertThat(checkedWithoutLabels)
                .as("a rule without labels has no precision")
                .isTrue();
    }

    @Test
    void anAppSeesOnlyItsOwnNumbers() {
        String other = "stats-other-" + UUID.randomUUID();
        given().header("Authorization", token(other, "screener"))
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .get("/api/v1/stats")
                .then()
                .statusCode(200)
                .body("screenings", org.hamcrest.Matchers.equalTo(0));
        given().header("Authorization", token(other, "screener"))
                .queryParam("appId", app)
                .get("/api/v1/stats")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", token("auditor-1", "auditor"))
                .queryParam("appId", app)
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .get("/api/v1/stats")
                .then()
                .statusCode(200)
                .body("screenings", org.hamcrest.Matchers.equalTo(SCREENINGS))
                .body("appId", org.hamcrest.Matchers.equalTo(app));
    }

    @Test
    void badWindowsAreRefused() {
        String screener = token(app, "screener");
        for (Map.Entry<String, String> bad : Map.of(
                        "bucket=WEEK", "bucket",
                        "from=yesterday", "from",
                        "from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to",
                        "from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z&bucket=HOUR", "to",
                        "from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to")
                .entrySet()) {
            given().header("Authorization", screener)
                    .get("/api/v1/stats?" + bad.getKey())
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo(bad.getValue()));
        }
    }

    private Map<String, Long> count(String sql) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, app);
            try (ResultSet row = q.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), row.getLong(2));
                }
            }
        }
        return counts;
    }
}
