package dev.bonafide.backtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bonafide.TestTokens;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.Reason;
import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.engine.RulesetCompiler;
import dev.bonafide.engine.Verdict;
import dev.bonafide.feedback.FeedbackRequest;
import dev.bonafide.feedback.FeedbackService;
import dev.bonafide.feedback.Outcome;
import dev.bonafide.rules.ActiveRuleset;
import dev.bonafide.screening.FactsConverter;
import dev.bonafide.screening.ScreeningRequest;
import dev.bonafide.screening.ScreeningService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Backtests replay stored screenings faithfully: a version replayed on its own screenings gives
 * back every stored score and verdict, and a draft's figures equal a brute-force recomputation
 * through the engine over a generated data set of 5,000 screenings.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BacktestTest {

    static final int SCREENINGS = 5_000;
    static final String APP = "backtest-" + UUID.randomUUID();
    static final String ADMIN = TestTokens.bearer(TestTokens.token("ops@example.com", "rules-admin"));
    static final String AUDITOR = TestTokens.bearer(TestTokens.token("audit@example.com", "auditor"));

    @Inject
    ScreeningService screenings;

    @Inject
    FeedbackService feedback;

    @Inject
    ActiveRuleset active;

    @Inject
    RulesetCompiler compiler;

    @Inject
    FactsConverter factsJson;

    @Inject
    BacktestService backtests;

    @Inject
    BacktestStore store;

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    Instant from;
    Instant to;
    final List<UUID> erased = new ArrayList<>();

    /** The generated traffic: notes of every kind, repeat requesters (history), feedback on some. */
    @BeforeAll
    void generate() throws Exception {
        from = clock.instant().minus(Duration.ofMinutes(1));
        String[] openings = {
            "Hi, I'm Dana, founder of a small analytics firm. ",
            "Loved your talk on distributed systems. ",
            "I would like to add you to my professional network. ",
            "You have a beautiful smile! ",
            "I'm an open networker, let's grow our networks. ",
            "Check out my new course, make money from home: https://example.com/offer ",
            "Call 0800123456 now to claim your prize! ",
            "",
            "We met at the data conference last spring. ",
            "FREE CASH!!! "
        };
        String[] reasons = {
            "I'd like to connect because we work on similar problems.",
            "Your article on caching was great.",
            "",
            "Win $500 today, visit www.deals.example/now",
            "Looking forward to learning more about your work."
        };
        Random random = new Random(42);
        List<ScreeningRequest> requests = new ArrayList<>();
        for (int i = 0; i < SCREENINGS; i++) {
            String note = openings[random.nextInt(openings.length)] + reasons[random.nextInt(reasons.length)];
            String requester = random.nextInt(4) == 0 ? null : "req-" + random.nextInt(300);
            requests.add(new ScreeningRequest(
                    note.isBlank() ? null : note.strip(),
                    (long) (random.nextInt(3) == 0 ? 0 : random.nextInt(40)),
                    (long) random.nextInt(3000),
                    requester == null
                            ? null
                            : new ScreeningRequest.Requester(
                                    requester, random.nextInt(5) == 0 ? "Professional networker, LION" : "Engineer"),
                    "rcp-" + random.nextInt(2000),
                    random.nextInt(10) == 0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<UUID>> ids = new ArrayList<>();
            for (ScreeningRequest request : requests) {
                ids.add(pool.submit(
                        () -> screenings.screen(request, APP, null).value().id()));
            }
            List<UUID> stored = new ArrayList<>();
            for (Future<UUID> id : ids) {
                stored.add(id.get(2, TimeUnit.MINUTES));
            }
            Outcome[] outcomes = Outcome.values();
            for (int i = 0; i < 600; i++) {
                feedback.record(
                        stored.get(random.nextInt(stored.size())),
                        new FeedbackRequest(outcomes[random.nextInt(outcomes.length)], null, clock.instant()),
                        APP,
                        APP);
            }
            for (int i = 0; i < 40; i++) {
                UUID id = stored.get(random.nextInt(stored.size()));
                screenings.eraseNote(id);
                erased.add(id);
            }
        } finally {
            pool.shutdownNow();
        }
        to = clock.instant().plus(Duration.ofMinutes(1));
    }

    @AfterEach
    void unpace() {
        backtests.beforeEachRow(() -> {});
    }

    // -- the stored screenings, read directly, and the engine run on each of them --

    /** A stored screening as the brute force reads it. */
    record Stored(
            UUID id,
            long version,
            int score,
            Verdict verdict,
            Facts.Restored facts,
            List<String> fired,
            Outcome outcome) {}

    List<Stored> stored() throws SQLException {
        Map<UUID, List<String>> fired = new HashMap<>();
        Map<UUID, Outcome> outcomes = new HashMap<>();
        List<Stored> all = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT r.screening_id, r.rule_id FROM screening_reason r JOIN screening s ON s.id = r.screening_id"
                            + " WHERE s.app_id = ? ORDER BY r.screening_id, r.position")) {
                select.setString(1, APP);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        fired.computeIfAbsent(rows.getObject(1, UUID.class), id -> new ArrayList<>())
                                .add(rows.getString(2));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT screening_id, outcome FROM screening_feedback WHERE app_id = ?")) {
                select.setString(1, APP);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        outcomes.put(rows.getObject(1, UUID.class), Outcome.valueOf(rows.getString(2)));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, ruleset_version, score, verdict, facts, message, requester_headline, note_erased_at"
                            + " FROM screening WHERE app_id = ?")) {
                select.setString(1, APP);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        all.add(new Stored(
                                id,
                                rows.getLong(2),
                                rows.getInt(3),
                                Verdict.valueOf(rows.getString(4)),
                                Facts.restore(
                                        factsJson.read(rows.getString(5)),
                                        rows.getString(6),
                                        rows.getString(7),
                                        rows.getObject(8, OffsetDateTime.class) != null),
                                fired.getOrDefault(id, List.of()),
                                outcomes.get(id)));
                    }
                }
            }
        }
        return all;
    }

    @Test
    void everyStoredScreeningIsReproducedByTheVersionThatScoredIt() throws SQLException {
        List<Stored> all = stored();
        assertThat(all).hasSize(SCREENINGS);
        CompiledRuleset inForce = active.current().orElseThrow();
        for (Stored s : all) {
            assertThat(s.version()).isEqualTo(inForce.version());
            var assessment = inForce.assess(s.facts().facts());
            assertThat(assessment.score()).as("score of %s", s.id()).isEqualTo(s.score());
            assertThat(assessment.verdict()).as("verdict of %s", s.id()).isEqualTo(s.verdict());
            assertThat(assessment.reasons().stream().map(Reason::ruleId).toList())
                    .as("rules fired for %s", s.id())
                    .isEqualTo(s.fired());
        }
        // Through the API: the version replayed on its own screenings changes nothing.
        Map<String, Object> result = doneResult(start(
                Map.of("version", inForce.version(), "from", from.toString(), "to", to.toString(), "appId", APP)));
        assertThat(((Number) result.get("screenings")).longValue()).isEqualTo(SCREENINGS);
        assertThat(((Number) result.get("replayed")).longValue()).isEqualTo(SCREENINGS);
        assertThat(((Number) result.get("verdictChanged")).longValue()).isZero();
        assertThat(((Number) result.get("scoreChanged")).longValue()).isZero();
        for (Map<String, Object> cell : list(result, "transitions")) {
            if (!cell.get("asScored").equals(cell.get("replayed"))) {
                assertThat(((Number) cell.get("screenings")).longValue()).isZero();
            }
        }
        for (Map<String, Object> rule : list(result, "rules")) {
            assertThat(rule.get("firedReplayed"))
                    .as("rule %s", rule.get("ruleId"))
                    .isEqualTo(rule.get("firedAsScored"));
        }
    }

    @Test
    void aDraftsFiguresEqualABruteForceRecomputation() throws Exception {
        CompiledRuleset inForce = active.current().orElseThrow();
        List<Map<String, Object>> draftRules = new ArrayList<>();
        for (Rule rule : inForce.ruleset().rules()) {
            if (rule.id().equals("gives-reason")) {
                continue;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", rule.id());
            view.put("when", rule.when());
            view.put("points", rule.id().equals("no-mutual-connections") ? -30 : rule.points());
            view.put("explanation", rule.explanation());
            if (rule.action() != null) {
                view.put("action", rule.action().name());
            }
            view.put("enabled", rule.enabled());
            draftRules.add(view);
        }
        draftRules.add(Map.of(
                "id", "busy-linker",
                "when", "requesterRequestsLastDay > 3 && linkCount > 0",
                "points", -20,
                "explanation", "{requesterRequestsLastDay} requests today, with links."));
        draftRules.add(Map.of(
                "id", "says-prize",
                "when", "message.contains('prize')",
                "points", -40,
                "explanation", "The note mentions a prize."));
        Map<String, Object> draft = Map.of("acceptThreshold", 70, "declineThreshold", 40, "rules", draftRules);
        Map<String, Object> result =
                doneResult(start(Map.of("draft", draft, "from", from.toString(), "to", to.toString(), "appId", APP)));

        // The brute force: every stored screening through the engine's full assessment.
        CompiledRuleset compiled = compiler.compile(new Ruleset(
                0,
                70,
                40,
                draftRules.stream()
                        .map(r -> new Rule(
                                (String) r.get("id"),
                                null,
                                (String) r.get("when"),
                                (Integer) r.get("points"),
                                (String) r.get("explanation"),
                                r.get("action") == null ? null : Verdict.valueOf((String) r.get("action")),
                                !Boolean.FALSE.equals(r.get("enabled"))))
                        .toList()));
        long[][] transitions = new long[3][3];
        Map<String, Long> firedAsScored = new HashMap<>();
        Map<String, Long> firedReplayed = new HashMap<>();
        long notReplayed = 0;
        long scoreChanged = 0;
        long[] reportedNotAccepted = new long[2];
        long[] acceptedDeclined = new long[2];
        long[] acceptedNotAccepted = new long[2];
        long reported = 0;
        long accepted = 0;
        for (Stored s : stored()) {
            if (s.facts().missing().contains(dev.bonafide.engine.Fact.MESSAGE)) {
                notReplayed++;
                continue;
            }
            var assessment = compiled.assess(s.facts().facts());
            transitions[s.verdict().ordinal()][assessment.verdict().ordinal()]++;
            if (assessment.score() != s.score()) {
                scoreChanged++;
            }
            s.fired().forEach(id -> firedAsScored.merge(id, 1L, Long::sum));
            assessment.reasons().forEach(r -> firedReplayed.merge(r.ruleId(), 1L, Long::sum));
            if (s.outcome() == Outcome.REPORTED) {
                reported++;
            } else if (s.outcome() == Outcome.ACCEPTED) {
                accepted++;
            }
            Verdict[] verdicts = {s.verdict(), assessment.verdict()};
            for (int i = 0; i < 2; i++) {
                if (s.outcome() == Outcome.REPORTED && verdicts[i] != Verdict.ACCEPT) {
                    reportedNotAccepted[i]++;
                }
                if (s.outcome() == Outcome.ACCEPTED && verdicts[i] != Verdict.ACCEPT) {
                    acceptedNotAccepted[i]++;
                }
                if (s.outcome() == Outcome.ACCEPTED && verdicts[i] == Verdict.DECLINE) {
                    acceptedDeclined[i]++;
                }
            }
        }
        assertThat(notReplayed).isEqualTo(erased.stream().distinct().count());
        assertThat(((Number) result.get("replayed")).longValue()).isEqualTo(SCREENINGS - notReplayed);
        assertThat(map(result, "notReplayed").get("byFact")).isEqualTo(Map.of("message", (int) notReplayed));
        assertThat(((Number) result.get("scoreChanged")).longValue()).isEqualTo(scoreChanged);
        long changed = 0;
        for (Map<String, Object> cell : list(result, "transitions")) {
            long expected =
                    transitions[Verdict.valueOf((String) cell.get("asScored")).ordinal()][
                            Verdict.valueOf((String) cell.get("replayed")).ordinal()];
            assertThat(((Number) cell.get("screenings")).longValue())
                    .as("%s", cell)
                    .isEqualTo(expected);
            if (!cell.get("asScored").equals(cell.get("replayed"))) {
                changed += expected;
            }
        }
        assertThat(changed).isPositive();
        assertThat(((Number) result.get("verdictChanged")).longValue()).isEqualTo(changed);
        assertThat(list(result, "changed")).hasSize((int) Math.min(changed, Tally.MAX_CHANGED));
        for (Map<String, Object> rule : list(result, "rules")) {
            String id = (String) rule.get("ruleId");
            assertThat(((Number) rule.get("firedAsScored")).longValue())
                    .as("as scored: %s", id)
                    .isEqualTo(firedAsScored.getOrDefault(id, 0L));
            assertThat(((Number) rule.get("firedReplayed")).longValue())
                    .as("replayed: %s", id)
                    .isEqualTo(firedReplayed.getOrDefault(id, 0L));
            assertThat(rule.get("inReplayed")).isEqualTo(!id.equals("gives-reason"));
        }
        assertThat(list(result, "rules").stream().map(r -> r.get("ruleId")))
                .contains("gives-reason", "busy-linker", "says-prize");
        Map<String, Object> labels = map(result, "feedback");
        assertThat(((Number) labels.get("reported")).longValue())
                .isEqualTo(reported)
                .isPositive();
        assertThat(((Number) labels.get("accepted")).longValue())
                .isEqualTo(accepted)
                .isPositive();
        String[] sides = {"asScored", "replayed"};
        for (int i = 0; i < 2; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> side = (Map<String, Object>) labels.get(sides[i]);
            assertThat(((Number) side.get("reportedNotAccepted")).longValue()).isEqualTo(reportedNotAccepted[i]);
            assertThat(((Number) side.get("acceptedDeclined")).longValue()).isEqualTo(acceptedDeclined[i]);
            assertThat(((Number) side.get("acceptedNotAccepted")).longValue()).isEqualTo(acceptedNotAccepted[i]);
            assertThat(((Number) side.get("recall")).doubleValue())
                    .isCloseTo((double) reportedNotAccepted[i] / reported, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void aSampleReplaysAboutThatManyOfTheWindow() {
        Map<String, Object> result = doneResult(start(Map.of(
                "version", active.current().orElseThrow().version(),
                "from", from.toString(),
                "to", to.toString(),
                "appId", APP,
                "sampleSize", 1000)));
        assertThat(((Number) result.get("screenings")).longValue()).isBetween(800L, 1000L);
    }

    @Test
    void cancelStopsARunningBacktestAndAQueuedOneAtOnce() {
        backtests.beforeEachRow(() -> sleepQuietly(2));
        Map<String, Object> body = Map.of(
                "version", active.current().orElseThrow().version(),
                "from", from.toString(),
                "to", to.toString(),
                "appId", APP);
        String running = start(body);
        String queued = start(body);
        awaitProcessed(running);
        given().header("Authorization", AUDITOR)
                .get(running)
                .then()
                .statusCode(200)
                .body("state", equalTo("RUNNING"));
        given().header("Authorization", AUDITOR)
                .get(queued)
                .then()
                .statusCode(200)
                .body("state", equalTo("QUEUED"));
        given().header("Authorization", ADMIN)
                .delete(queued)
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELLED"));
        given().header("Authorization", ADMIN)
                .delete(running)
                .then()
                .statusCode(202)
                .body("cancelRequested", equalTo(true));
        Response cancelled = await(running);
        assertThat(cancelled.<String>path("state")).isEqualTo("CANCELLED");
        assertThat(cancelled.<Integer>path("progress.processed")).isLessThan(SCREENINGS);
        assertThat(cancelled.<Object>path("result")).isNull();
        given().header("Authorization", ADMIN)
                .delete(running)
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELLED"));
    }

    @Test
    void aBacktestWhoseInstanceStoppedIsFailedWithAReason() throws SQLException {
        UUID id = UUID.randomUUID();
        Instant long_ago = clock.instant().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        store.insert(
                new BacktestStore.Row(
                        id,
                        long_ago,
                        "ops@example.com",
                        BacktestState.QUEUED,
                        "{\"version\": 1, \"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-01-02T00:00:00Z\"}",
                        null,
                        null,
                        long_ago,
                        null,
                        0,
                        false,
                        null,
                        null),
                NO_KEY);
        assertThat(store.start(id, long_ago)).isTrue();
        assertThat(store.progress(id, 1200, 5000L, long_ago)).isFalse();
        assertThat(backtests.sweep()).isGreaterThanOrEqualTo(1);
        given().header("Authorization", AUDITOR)
                .get("/api/v1/rulesets/backtest/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("failure", equalTo(BacktestService.LOST))
                .body("progress.processed", equalTo(1200))
                .body("progress.total", equalTo(5000));
        given().header("Authorization", ADMIN)
                .delete("/api/v1/rulesets/backtest/" + id)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already failed"));
    }

    @Inject
    dev.bonafide.rules.RulesetStore rulesets;

    @Inject
    dev.bonafide.idempotency.Idempotency idempotency;

    @Inject
    ExecutorService executor;

    @Inject
    java.util.concurrent.ScheduledExecutorService scheduler;

    @Inject
    dev.bonafide.screening.ScreeningMetrics metrics;

    @Inject
    dev.bonafide.config.BonafideConfig config;

    /** An instance that stops mid-run (its shutdown) fails the backtest it was running, with the reason. */
    @Test
    void anInstanceThatStopsMidRunLeavesItsBacktestFailed() throws Exception {
        BacktestService instance = new BacktestService(
                store, rulesets, active, idempotency, json, clock, executor, scheduler, metrics, config);
        instance.beforeEachRow(() -> sleepQuietly(2));
        BacktestView started = instance.start(
                        new BacktestRequest(null, active.current().orElseThrow().version(), from, to, APP, null),
                        "ops@example.com",
                        null)
                .value();
        String location = "/api/v1/rulesets/backtest/" + started.id();
        awaitProcessed(location);
        instance.end(null);
        Response failed = await(location);
        assertThat(failed.<String>path("state")).isEqualTo("FAILED");
        assertThat(failed.<String>path("failure")).isEqualTo(BacktestService.STOPPED);
        assertThat(failed.<Integer>path("progress.processed")).isBetween(1, SCREENINGS - 1);
        assertThat(failed.<Object>path("result")).isNull();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void finishedBacktestsAreKeptThirtyDays() throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UUID old = storedFinished(now.minus(Duration.ofDays(31)));
        UUID recent = storedFinished(now.minus(Duration.ofDays(29)));
        backtests.sweep();
        assertThat(store.find(old)).isEmpty();
        assertThat(store.find(recent)).isPresent();
    }

    private UUID storedFinished(Instant at) throws SQLException {
        UUID id = UUID.randomUUID();
        store.insert(
                new BacktestStore.Row(
                        id,
                        at,
                        "ops@example.com",
                        BacktestState.QUEUED,
                        "{\"version\": 1}",
                        null,
                        null,
                        at,
                        null,
                        0,
                        false,
                        null,
                        null),
                NO_KEY);
        assertThat(store.finish(id, BacktestState.CANCELLED, 0, null, null, at)).isTrue();
        return id;
    }

    /** Stores without an idempotency key. */
    static final dev.bonafide.idempotency.Idempotency.Claim NO_KEY = new dev.bonafide.idempotency.Idempotency.Claim() {
        @Override
        public void record(int status, String resourceId) {}

        @Override
        public void record(Connection connection, int status, String resourceId) {}
    };

    @Test
    void hostileOrMalformedDraftsAreRefusedAndNothingIsStarted() {
        long before = dev.bonafide.StoredRows.count("backtest");
        String window = "\"from\": \"" + from + "\", \"to\": \"" + to + "\"";
        // Does not compile: 422 naming the field, line and column.
        post("{\"draft\": {\"rules\": [{\"id\": \"bad\", \"when\": \"mutualConnections >\", \"points\": 1, "
                        + "\"explanation\": \"x\"}]}, " + window + "}")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", startsWith("rules[0].when"));
        // Too costly: nested repetition is refused by the cost budget, as in rule changes.
        post("{\"draft\": {\"rules\": [{\"id\": \"slow\", \"when\": \"message.matches(\\\"(a{1,1000}){1,1000}b\\\")\", "
                        + "\"points\": 1, \"explanation\": \"x\"}]}, " + window + "}")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("rules[0].when"));
        post("{" + window + "}").then().statusCode(400).body("errors[0].field", equalTo("draft"));
        post("{\"version\": 1, \"draft\": {\"rules\": []}, " + window + "}")
                .then()
                .statusCode(400);
        post("{\"version\": 99999999}").then().statusCode(400).body("errors[0].field", equalTo("version"));
        post("{\"version\": 1, \"from\": \"" + to + "\", \"to\": \"" + from + "\"}")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("from"));
        post("{\"version\": 1, \"sampleSize\": 0}").then().statusCode(400);
        post("{\"version\": 1, \"from\": \"yesterday\"}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertThat(dev.bonafide.StoredRows.count("backtest")).isEqualTo(before);
    }

    @Test
    void onlyRulesAdminsStartAndCancelAndAuditorsRead() {
        String body = "{\"version\": " + active.current().orElseThrow().version() + ", \"appId\": \"" + APP
                + "\", \"sampleSize\": 10}";
        given().header("Authorization", TestTokens.bearer(TestTokens.token(APP, "screener")))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rulesets/backtest")
                .then()
                .statusCode(403);
        given().header("Authorization", AUDITOR)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rulesets/backtest")
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rulesets/backtest")
                .then()
                .statusCode(401);
        String location = start(json(body));
        given().header("Authorization", TestTokens.bearer(TestTokens.token(APP, "screener")))
                .get(location)
                .then()
                .statusCode(403);
        given().header("Authorization", AUDITOR).delete(location).then().statusCode(403);
        given().header("Authorization", AUDITOR)
                .get("/api/v1/rulesets/backtest")
                .then()
                .statusCode(200);
        await(location);
        given().header("Authorization", AUDITOR)
                .get("/api/v1/rulesets/backtest/not-a-uuid")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", AUDITOR)
                .get("/api/v1/rulesets/backtest/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aRetryWithTheSameKeyGetsTheSameBacktest() {
        String body = "{\"version\": " + active.current().orElseThrow().version() + ", \"appId\": \"" + APP
                + "\", \"sampleSize\": 10}";
        String key = UUID.randomUUID().toString();
        Response first = given().header("Authorization", ADMIN)
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rulesets/backtest");
        first.then().statusCode(202).header("Idempotent-Replayed", nullValue());
        given().header("Authorization", ADMIN)
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rulesets/backtest")
                .then()
                .statusCode(202)
                .header("Location", first.header("Location"))
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first.path("id")));
        given().header("Authorization", ADMIN)
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(body.replace("10", "11"))
                .post("/api/v1/rulesets/backtest")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        await(first.header("Location"));
    }

    // -- helpers --

    private Map<String, Object> json(String body) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.readValue(body, Map.class);
            return map;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Response post(String body) {
        return given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rulesets/backtest");
    }

    /** Starts a backtest; returns its Location. */
    private static String start(Map<String, Object> body) {
        Response response = given().header("Authorization", ADMIN)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/rulesets/backtest");
        response.then()
                .statusCode(202)
                .header("Location", startsWith("/api/v1/rulesets/backtest/"))
                .body("state", equalTo("QUEUED"));
        return response.header("Location");
    }

    /** Polls until the backtest has finished. */
    private static Response await(String location) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Response response = given().header("Authorization", AUDITOR).get(location);
            response.then().statusCode(200);
            String state = response.path("state");
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return response;
            }
            assertThat(System.nanoTime()).as("%s still %s", location, state).isLessThan(deadline);
            sleep(50);
        }
    }

    private static void awaitProcessed(String location) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (given().header("Authorization", AUDITOR).get(location).<Integer>path("progress.processed") < 256) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            sleep(50);
        }
    }

    private static Map<String, Object> doneResult(String location) {
        Response done = await(location);
        assertThat(done.<String>path("state"))
                .as("%s: %s", location, done.asString())
                .isEqualTo("DONE");
        return done.path("result");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> result, String key) {
        return (List<Map<String, Object>>) result.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> result, String key) {
        return (Map<String, Object>) result.get(key);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
