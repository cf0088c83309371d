package dev.bonafide.classifier;

import static dev.bonafide.TestTokens.bearer;
import static dev.bonafide.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import dev.bonafide.TestClock;
import dev.bonafide.engine.NoteClassifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Training the note classifier from uploads of labelled examples, reading and resetting a model:
 * what is learnt, what a refused upload leaves (nothing), retries, limits, roles and per-app models.
 */
@QuarkusTest
class ClassifierTrainingTest {

    static final String ADMIN = bearer(token("ops@example.com", "rules-admin"));
    static final String AUDITOR = bearer(token("audit@example.com", "auditor"));
    static final String NDJSON = "application/x-ndjson";

    @Inject
    ClassifierStore store;

    @Inject
    TestClock clock;

    private static String app() {
        return "training-" + UUID.randomUUID();
    }

    private static ValidatableResponse upload(String app, String type, String body) {
        return given().header("Authorization", ADMIN)
                .contentType(type)
                .queryParam("appId", app)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/classifier/examples")
                .then();
    }

    private static ValidatableResponse model(String app) {
        return given().header("Authorization", AUDITOR)
                .queryParam("appId", app)
                .get("/api/v1/classifier")
                .then()
                .statusCode(200);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String lines(int spam, int ham) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spam; i++) {
            out.append("{\"text\": \"Win cash prize ").append(i).append(" call now\", \"label\": \"spam\"}\n");
        }
        for (int i = 0; i < ham; i++) {
            out.append("{\"text\": \"We met at the meetup ").append(i).append("\", \"label\": \"genuine\"}\n");
        }
        return out.toString();
    }

    @Test
    void jsonLinesTeachEachClassItsTokensInOneGo() throws SQLException {
        String app = app();
        upload(app, NDJSON, """
                        {"text": "Claim your prize now!", "label": "inauthentic"}

                        {"text": "Nice meeting you at the conference", "label": "ham", "source": "crm"}
                        {"text": "!!!", "label": 1}
                        """)
                .statusCode(200)
                .body("state", equalTo("DONE"))
                .body("examplesRead", equalTo(3))
                .body("inauthentic", equalTo(1))
                .body("genuine", equalTo(1))
                .body("skipped", equalTo(1))
                .body("percent", equalTo(100));

        Map<String, NoteClassifier.TokenCounts> learnt = store.tokens(app);
        assertThat(learnt)
                .containsEntry("claim your", new NoteClassifier.TokenCounts(1, 0))
                .containsEntry("conference", new NoteClassifier.TokenCounts(0, 1))
                .hasSize(NoteClassifier.tokens("Claim your prize now!").size()
                        + NoteClassifier.tokens("Nice meeting you at the conference")
                                .size());
        model(app)
                .body("inauthenticExamples", equalTo(1))
                .body("genuineExamples", equalTo(1))
                .body("tokens", equalTo(learnt.size()))
                .body("trained", equalTo(false));
        given().header("Authorization", AUDITOR)
                .queryParam("appId", app)
                .get("/api/v1/classifier/trainings")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].state", equalTo("DONE"))
                .body("[0].examplesRead", equalTo(3));
    }

    @Test
    void csvWithNamedColumnsTrainsAndTwoHundredOfEachMakeScreeningsReadIt() {
        String app = app();
        StringBuilder csv = new StringBuilder("ID,CONTENT,CLASS\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i)
                    .append(",\"Win a cash prize, call now, offer ")
                    .append(i)
                    .append("\",1\n");
            csv.append(i)
                    .append(",\"Great to meet you at the meetup, \"\"talk\"\" ")
                    .append(i)
                    .append("\",0\n");
        }
        upload(app, "text/csv", csv.toString()).statusCode(400).body("detail", containsString("\"text\""));
        given().header("Authorization", ADMIN)
                .contentType("text/csv; charset=utf-8")
                .queryParam("appId", app)
                .queryParam("textColumn", "CONTENT")
                .queryParam("labelColumn", "CLASS")
                .body(csv.toString())
                .post("/api/v1/classifier/examples")
                .then()
                .statusCode(200)
                .body("inauthentic", equalTo(200))
                .body("genuine", equalTo(200));
        model(app).body("trained", equalTo(true));

        given().header("Authorization", bearer(token(app, "screener")))
                .contentType("application/json")
                .body("{\"message\": \"Win a cash prize, call now\", \"mutualConnections\": 0,"
                        + " \"requesterNetworkSize\": 300}")
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("facts.classifierTrained", equalTo(true))
                .body("facts.noteInauthenticProbability", greaterThan(0.99f));
    }

    @Test
    void aBadLineRefusesTheWholeUploadAndLeavesTheModelAsItWas() throws SQLException {
        String app = app();
        upload(app, NDJSON, lines(2, 2)).statusCode(200);
        long before = store.tokens(app).size();

        String body = lines(3, 0) + "{\"text\": \"fine\", \"label\": \"maybe\"}\n";
        upload(app, NDJSON, body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("line 4"))
                .body("detail", not(containsString("maybe")));
        upload(app, NDJSON, "{\"text\": 5, \"label\": \"spam\"}\n").statusCode(400);
        upload(app, NDJSON, "not json\n").statusCode(400).body("detail", containsString("line 1"));
        upload(app, NDJSON, "{\"text\": \"" + "a".repeat(5001) + "\", \"label\": \"spam\"}\n")
                .statusCode(400)
                .body("detail", containsString("5000"));
        upload(app, "text/csv", "body,kind\n\"hello\",spam\n")
                .statusCode(400)
                .body("detail", containsString("\"text\""));
        upload(app, "text/csv", "text,label\n\"unclosed,spam\n").statusCode(400);

        model(app).body("inauthenticExamples", equalTo(2)).body("genuineExamples", equalTo(2));
        assertThat(store.tokens(app)).hasSize((int) before);
        given().header("Authorization", AUDITOR)
                .queryParam("appId", app)
                .get("/api/v1/classifier/trainings")
                .then()
                .body("state", org.hamcrest.Matchers.hasItem("FAILED"))
                .body(
                        "findAll { it.state == 'FAILED' }.failure",
                        org.hamcrest.Matchers.everyItem(containsString("Nothing was learnt")));
    }

    @Test
    void aRunningUploadShowsHowFarItWasRead() throws Exception {
        String app = app();
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(writer, 1 << 20);
        CompletableFuture<Integer> done = CompletableFuture.supplyAsync(() -> given().header("Authorization", ADMIN)
                .contentType(NDJSON)
                .queryParam("appId", app)
                .body(body)
                .post("/api/v1/classifier/examples")
                .then()
                .extract()
                .statusCode());
        try {
            // Enough to pass the client's and the server's buffers.
            writer.write(bytes(lines(300, 0)));
            writer.flush();
            await(app, training -> training.contains("RUNNING"));
            clock.advance(Duration.ofSeconds(2));
            writer.write(bytes(lines(0, 300)));
            writer.flush();
            String running = await(app, training -> !training.contains("\"examplesRead\":0"));
            assertThat(running).contains("\"state\":\"RUNNING\"").doesNotContain("percent");
            assertThat(store.examples(app)).isEmpty();
        } finally {
            clock.reset();
            writer.close();
        }
        assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo(200);
        model(app).body("inauthenticExamples", equalTo(300)).body("genuineExamples", equalTo(300));
    }

    /** Reads an app's newest training until it satisfies the condition (10 seconds at most). */
    private static String await(String app, java.util.function.Predicate<String> condition)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String newest = "";
        while (System.nanoTime() < until) {
            newest = given().header("Authorization", AUDITOR)
                    .queryParam("appId", app)
                    .get("/api/v1/classifier/trainings")
                    .then()
                    .statusCode(200)
                    .extract()
                    .body()
                    .asString();
            if (condition.test(newest)) {
                return newest;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The training never showed that: " + newest);
    }

    @Test
    void aRetryWithTheSameKeyLearnsOnceAndTheKeyWithOtherBytesIsAConflict() {
        String app = app();
        String key = "train-" + UUID.randomUUID();
        for (int attempt = 0; attempt < 2; attempt++) {
            given().header("Authorization", ADMIN)
                    .header("Idempotency-Key", key)
                    .contentType(NDJSON)
                    .queryParam("appId", app)
                    .body(bytes(lines(3, 2)))
                    .post("/api/v1/classifier/examples")
                    .then()
                    .statusCode(200)
                    .header("Idempotent-Replayed", attempt == 0 ? null : "true")
                    .body("inauthentic", equalTo(3));
        }
        model(app).body("inauthenticExamples", equalTo(3)).body("genuineExamples", equalTo(2));
        given().header("Authorization", ADMIN)
                .header("Idempotency-Key", key)
                .contentType(NDJSON)
                .queryParam("appId", app)
                .body(bytes(lines(1, 0)))
                .post("/api/v1/classifier/examples")
                .then()
                .statusCode(409);
        given().header("Authorization", AUDITOR)
                .queryParam("appId", app)
                .get("/api/v1/classifier/trainings")
                .then()
                .body("findAll { it.state == 'DONE' }.size()", equalTo(1));
    }

    @Test
    void uploadsAreBoundedInBytesAndExamples() {
        String app = app();
        String big = lines(0, 1).repeat(256 * 1024 / lines(0, 1).length() + 10);
        upload(app, NDJSON, big)
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("262144"));
        // Of unannounced length (chunked): counted as it is read.
        given().header("Authorization", ADMIN)
                .contentType(NDJSON)
                .queryParam("appId", app)
                .body(new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))
                .post("/api/v1/classifier/examples")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        upload(app, NDJSON, lines(1001, 0)).statusCode(400).body("detail", containsString("1000 examples"));
        StringBuilder wordy = new StringBuilder();
        for (int line = 0; line < 100; line++) {
            wordy.append("{\"text\": \"");
            for (int word = 0; word < 30; word++) {
                wordy.append("w").append(line).append("x").append(word).append(' ');
            }
            wordy.append("\", \"label\": \"ham\"}\n");
        }
        upload(app, NDJSON, wordy.toString())
                .statusCode(400)
                .body("detail", containsString("5000 distinct words and word pairs"));
        upload(app, "text/plain", "text,label\nhi,spam\n").statusCode(415);
        given().header("Authorization", ADMIN)
                .contentType(NDJSON)
                .queryParam("appId", app)
                .queryParam("textColumn", "x".repeat(101))
                .body(bytes(lines(1, 0)))
                .post("/api/v1/classifier/examples")
                .then()
                .statusCode(400);
        model(app).body("inauthenticExamples", equalTo(0)).body("tokens", equalTo(0));
        // Other routes keep their own limit.
        given().header("Authorization", bearer(token(app, "screener")))
                .contentType("application/json")
                .body("{\"message\": \"" + "a".repeat(70_000) + "\"}")
                .post("/api/v1/screenings")
                .then()
                .statusCode(413);
    }

    @Test
    void onlyRulesAdminsTrainOrResetAndAnAppReadsOnlyItsOwnModel() {
        String app = app();
        String other = app();
        upload(app, NDJSON, lines(2, 1)).statusCode(200);
        for (String role : new String[] {"screener", "auditor"}) {
            given().header("Authorization", bearer(token(app, role)))
                    .contentType(NDJSON)
                    .queryParam("appId", app)
                    .body(bytes(lines(1, 0)))
                    .post("/api/v1/classifier/examples")
                    .then()
                    .statusCode(403);
            given().header("Authorization", bearer(token(app, role)))
                    .queryParam("appId", app)
                    .delete("/api/v1/classifier")
                    .then()
                    .statusCode(403);
        }
        given().header("Authorization", bearer(token(app, "screener")))
                .get("/api/v1/classifier")
                .then()
                .statusCode(200)
                .body("appId", equalTo(app))
                .body("inauthenticExamples", equalTo(2));
        given().header("Authorization", bearer(token(other, "screener")))
                .queryParam("appId", app)
                .get("/api/v1/classifier")
                .then()
                .statusCode(403);
        given().header("Authorization", bearer(token(app, "screener")))
                .queryParam("appId", app)
                .get("/api/v1/classifier/trainings")
                .then()
                .statusCode(403);
        model(other).body("inauthenticExamples", equalTo(0));
        given().header("Authorization", AUDITOR)
                .get("/api/v1/classifier")
                .then()
                .statusCode(400);
        given().contentType(NDJSON)
                .body(bytes(lines(1, 0)))
                .post("/api/v1/classifier/examples")
                .then()
                .statusCode(401);

        given().header("Authorization", ADMIN)
                .queryParam("appId", app)
                .delete("/api/v1/classifier")
                .then()
                .statusCode(200)
                .body("inauthenticExamples", equalTo(0))
                .body("tokens", equalTo(0))
                .body("trained", equalTo(false));
        model(app).body("genuineExamples", equalTo(0));
    }
}
