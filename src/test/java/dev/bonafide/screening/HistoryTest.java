package dev.bonafide.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** History facts from stored screenings, and acceptance story 5. */
@QuarkusTest
class HistoryTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsTestApp() {
        dev.bonafide.TestTokens.callAsTestAppWithAllRoles();
    }

    private static JsonPath screen(String requesterId, String recipientId, String message) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"message": "%s", "mutualConnections": 0, "requesterNetworkSize": 300,
                         "requester": {"id": "%s"}, "recipientId": "%s"}
                        """.formatted(message, requesterId, recipientId))
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    @Test
    void parallelBurstFromOneRequesterIsCountedExactly() throws Exception {
        String requester = "burst-" + UUID.randomUUID();
        int burst = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            List<Future<JsonPath>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                String recipient = "recipient-" + i;
                Callable<JsonPath> call = () -> {
                    start.await();
                    return screen(requester, recipient, "Hello, I would like to connect.");
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<Long> seen = new ArrayList<>();
            List<Long> sameNote = new ArrayList<>();
            for (Future<JsonPath> answer : answers) {
                JsonPath screening = answer.get();
                seen.add(screening.getLong("facts.requesterRequestsLastHour"));
                sameNote.add(screening.getLong("facts.sameNoteRecipientsLast7Days"));
            }
            List<Long> expected = LongStream.range(0, burst).boxed().toList();
            assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(sameNote).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sameNoteToManyRecipientsScoresLowerAndSaysWhy() {
        String requester = "story-5-" + UUID.randomUUID();
        String note = "Hi! I am Sam, a consultant. I would like to connect to grow together.";

        JsonPath first = screen(requester, "r-0", note);
        List<JsonPath> copies = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            // Case, digits and punctuation do not make a copy a different note.
            copies.add(screen(requester, "r-" + i, i % 2 == 0 ? note.toUpperCase() : note.replace("!", " " + i + ".")));
        }

        int firstScore = first.getInt("score");
        assertThat(first.getList("reasons.ruleId")).doesNotContain("copy-paste-note", "mass-sent-note");
        for (JsonPath copy : copies) {
            assertThat(copy.getInt("score")).isLessThan(firstScore);
            assertThat(copy.getList("reasons.ruleId", String.class)).contains("copy-paste-note");
        }
        JsonPath last = copies.get(copies.size() - 1);
        assertThat(last.getList("reasons.ruleId", String.class)).contains("mass-sent-note");
        assertThat(last.getString("reasons.find { it.ruleId == 'mass-sent-note' }.explanation"))
                .contains("6 other recipients");
        assertThat(last.getLong("facts.requesterRequestsLastHour")).isEqualTo(6);
    }

    @Test
    void requestsWithoutRequesterIdHaveNoHistory() {
        given().contentType(ContentType.JSON)
                .body("""
                {"message": "Hello", "mutualConnections": 0, "requesterNetworkSize": 300}
                """)
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("facts.requesterRequestsLastHour", equalTo(0))
                .body("facts.hasRequesterId", equalTo(false))
                .body("reasons.ruleId", not(hasItem("request-burst")));
    }

    @Test
    void previewSeesHistoryWithoutAddingToIt() {
        String requester = "preview-" + UUID.randomUUID();
        screen(requester, "a", "Same old note for everyone");
        String body = """
                {"request": {"message": "Same old note for everyone!", "mutualConnections": 0,
                 "requesterNetworkSize": 300, "requester": {"id": "%s"}, "recipientId": "b"}}
                """.formatted(requester);
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .when()
                    .post("/api/v1/screenings/preview")
                    .then()
                    .statusCode(200)
                    .body(
                            "inForce.reasons.find { it.ruleId == 'copy-paste-note' }.explanation",
                            containsString("1 other recipient"));
        }
    }
}
