package dev.bonafide.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bonafide.engine.NoteFingerprint;
import dev.bonafide.engine.Screener;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.rules.ActiveRuleset;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a caller is told is what was stored: a screening answered 503 "nothing was stored" is
 * never stored later, one a writer already took is answered with its outcome, and a commit that
 * failed is answered "outcome unknown" and never stored twice.
 */
@QuarkusTest
@TestProfile(StorageTruthTest.ShortWait.class)
class StorageTruthTest {

    /**
     * Callers wait 300 ms for a writer to take their screening. On the embedded database the
     * restarted application gets a database of its own: H2 keeps the in-memory database of the
     * earlier tests open across the restart, and then refuses its check constraints as invalid.
     */
    public static class ShortWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new java.util.HashMap<>(
                    Map.of("bonafide.screening.wait", "300ms", "bonafide.screening.commit-wait", "10S"));
            String kind = System.getProperty("%test.quarkus.datasource.db-kind", "h2");
            if (kind.equals("h2")) {
                overrides.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:storage-truth;DB_CLOSE_DELAY=-1");
            }
            return overrides;
        }
    }

    @Inject
    GroupCommit writer;

    @Inject
    ScreeningService screenings;

    @Inject
    ActiveRuleset rules;

    @Inject
    Screener screener;

    @BeforeEach
    void callAsTestApp() {
        dev.bonafide.TestTokens.callAsTestAppWithAllRoles();
    }

    @AfterEach
    void normalWriter() {
        writer.seams(null, null, null);
    }

    private static Response post(String requester, String idempotencyKey) {
        var request = given().contentType(ContentType.JSON).body("""
                {"message": "Hello, we met at the meetup in Lyon.", "mutualConnections": 3, "requesterNetworkSize": 300,
                 "requester": {"id": "%s"}, "recipientId": "recipient-1"}
                """.formatted(requester));
        if (idempotencyKey != null) {
            request.header(Idempotency.HEADER, idempotencyKey);
        }
        return request.when().post("/api/v1/screenings").then().extract().response();
    }

    private long storedOf(String requester) {
        return screenings
                .list(new ScreeningStore.Filter(null, null, requester, null, null, null), null, 100)
                .items()
                .size();
    }

    /** Holds a writer at a seam until released, and says when one got there. */
    private static final class Gate implements Runnable {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void run() {
            reached.countDown();
            try {
                released.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aScreeningAnswered503IsNeverStoredAfterwards() throws Exception {
        Gate gate = new Gate();
        writer.seams(gate, null, null);
        String requester = "cancelled-" + UUID.randomUUID();

        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> post(requester, null));
        assertThat(gate.reached.await(10, TimeUnit.SECONDS)).isTrue();
        Response response = answer.get(10, TimeUnit.SECONDS);
        writer.seams(null, null, null);
        gate.released.countDown();

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.jsonPath().getString("detail")).contains("nothing was stored");
        // A screening queued after it is stored, so the writer has dealt with the cancelled one.
        String later = "after-" + UUID.randomUUID();
        assertThat(post(later, null).statusCode()).isEqualTo(201);
        Thread.sleep(500);
        assertThat(storedOf(requester)).isZero();
        assertThat(storedOf(later)).isOne();
    }

    @Test
    void aScreeningTakenByAWriterIsAnsweredWithItsOutcomeAfterTheWait() throws Exception {
        Gate gate = new Gate();
        writer.seams(null, gate, null);
        String requester = "taken-" + UUID.randomUUID();

        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> post(requester, null));
        assertThat(gate.reached.await(10, TimeUnit.SECONDS)).isTrue();
        // Well past the caller's 300 ms wait: it can no longer cancel, so it waits for the commit.
        Thread.sleep(1_000);
        assertThat(answer).isNotDone();
        writer.seams(null, null, null);
        gate.released.countDown();

        Response response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(storedOf(requester)).isOne();
    }

    @Test
    void aCommitThatFailsIsAnsweredOutcomeUnknownAndStoredOnce() {
        // The commit happens, but the connection is lost before the database confirms it.
        writer.seams(null, null, transaction -> {
            transaction.commit();
            throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
        });
        String requester = "unknown-" + UUID.randomUUID();

        Response response = post(requester, null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).endsWith("outcome-unknown");
        assertThat(response.jsonPath().getString("title")).isEqualTo("Outcome unknown");
        assertThat(response.jsonPath().getString("detail"))
                .contains("same Idempotency-Key")
                .doesNotContain("nothing was stored");
        assertThat(storedOf(requester)).isOne();
    }

    @Test
    void aRetryWithTheSameKeyAfterAnUnconfirmedCommitStoresOnce() {
        writer.seams(null, null, transaction -> {
            transaction.rollback();
            throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
        });
        String requester = "unknown-retried-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        assertThat(post(requester, key).jsonPath().getString("type")).endsWith("outcome-unknown");
        writer.seams(null, null, null);
        Response retry = post(requester, key);
        Response again = post(requester, key);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(again.jsonPath().getString("id")).isEqualTo(retry.jsonPath().getString("id"));
        assertThat(storedOf(requester)).isOne();
    }

    @Test
    void aBatchWhoseCommitFailedIsNeitherRetriedNorSplit() throws Exception {
        List<ScreeningStore.Transaction> commits = new ArrayList<>();
        writer.seams(null, null, transaction -> {
            commits.add(transaction);
            transaction.commit();
            throw new SQLException("Connection reset", "08006");
        });
        String requester = "batch-unknown-" + UUID.randomUUID();
        List<GroupCommit.Pending> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ScreeningRequest request = new ScreeningRequest(
                    "Hello number " + i,
                    3L,
                    250L,
                    new ScreeningRequest.Requester(requester, null),
                    "recipient-" + i,
                    false);
            batch.add(new GroupCommit.Pending(
                    "writer-test-app",
                    request,
                    request.toEngine(),
                    NoteFingerprint.of(request.message()),
                    rules.current().orElseThrow(),
                    NO_KEY,
                    screener.facts(request.toEngine())));
        }

        writer.store(batch);

        assertThat(commits).hasSize(1);
        for (GroupCommit.Pending pending : batch) {
            assertThatThrownBy(() -> pending.stored.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(GroupCommit.OutcomeUnknown.class);
        }
        assertThat(storedOf(requester)).isEqualTo(3);
    }

    @Test
    void aScreeningScoredAgainForARetryGetsTheSameAssessment() {
        ScreeningRequest request = new ScreeningRequest(
                "Hello, retried",
                3L,
                250L,
                new ScreeningRequest.Requester("retried-" + UUID.randomUUID(), null),
                "recipient-1",
                false);
        GroupCommit.Pending pending = new GroupCommit.Pending(
                "writer-test-app",
                request,
                request.toEngine(),
                NoteFingerprint.of(request.message()),
                rules.current().orElseThrow(),
                NO_KEY,
                screener.facts(request.toEngine()));
        var facts = pending.requestFacts.withHistory(new dev.bonafide.engine.HistoryFacts(30, 40, 50, 0.5, 9));

        // A batch tried again after a rollback, or split to one transaction per screening, scores again.
        var first = pending.finish(facts);
        var second = pending.finish(facts);

        assertThat(second).isEqualTo(first);
        assertThat(first).isEqualTo(rules.current().orElseThrow().assess(facts));
    }

    private static final Idempotency.Claim NO_KEY = new Idempotency.Claim() {
        @Override
        public void record(int status, String resourceId) {}

        @Override
        public void record(Connection connection, int status, String resourceId) {}
    };
}
