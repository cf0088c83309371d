package dev.bonafide.screening;

import static dev.bonafide.TestTokens.bearer;
import static dev.bonafide.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.bonafide.TestClock;
import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notes are erased after the retention period, or on request; what rules and statistics need stays. */
@QuarkusTest
class RetentionTest {

    private static final String NETWORKER = """
            {"message": "Couldn't resist the smile in your picture!", "mutualConnections": 1, "requesterNetworkSize": 1200,
             "requester": {"id": "retention-requester", "headline": "Professional networker"}, "recipientId": "r-1"}""";

    @Inject
    TestClock clock;

    @Inject
    NoteRetention retention;

    @BeforeEach
    void callAsTestApp() {
        TestTokens.callAsTestAppWithAllRoles();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static String screen() {
        return given().contentType("application/json")
                .body(NETWORKER)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void notesOlderThanNinetyDaysAreErasedKeepingTheVerdictAndFacts() {
        String old = screen();
        clock.advance(Duration.ofDays(89));
        String recent = screen();
        clock.advance(Duration.ofDays(2));

        retention.eraseExpired();

        given().get("/api/v1/screenings/" + old)
                .then()
                .statusCode(200)
                .body("request.message", nullValue())
                .body("request.requester.headline", nullValue())
                .body("request.requester.id", equalTo("retention-requester"))
                .body("noteErasedAt", notNullValue())
                .body("verdict", equalTo("DECLINE"))
                .body("facts.flattersLooks", equalTo(true))
                .body("reasons.ruleId", hasItem("networker-headline"))
                .body("reasons.explanation", not(hasItem(containsString("Professional networker"))))
                .body("reasons.find { it.ruleId == 'networker-headline' }.explanation", containsString("[erased]"));
        given().get("/api/v1/screenings/" + recent)
                .then()
                .statusCode(200)
                .body("request.message", equalTo("Couldn't resist the smile in your picture!"))
                .body("noteErasedAt", nullValue());
    }

    @Test
    void erasedNotesStillCountAsCopiesOfTheSameNote() {
        String requester = "retention-copies-" + System.nanoTime();
        String body = NETWORKER.replace("retention-requester", requester);
        given().contentType("application/json")
                .body(body)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201);
        String first = given().get("/api/v1/screenings?requesterId=" + requester)
                .then()
                .extract()
                .path("items[0].id");
        TestTokens.callAnonymously();
        given().header("Authorization", bearer(token("auditor-app", "auditor")))
                .delete("/api/v1/screenings/" + first + "/note")
                .then()
                .statusCode(200)
                .body("request.message", nullValue());

        TestTokens.callAsTestAppWithAllRoles();
        given().contentType("application/json")
                .body(body.replace("r-1", "r-2"))
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("facts.sameNoteRecipientsLast7Days", equalTo(1));
    }

    @Test
    void erasureIsForAuditorsOnly() {
        String id = screen();
        TestTokens.callAnonymously();
        given().header("Authorization", bearer(token("test-app", "screener")))
                .delete("/api/v1/screenings/" + id + "/note")
                .then()
                .statusCode(403);
        given().header("Authorization", bearer(token("auditor-app", "auditor")))
                .delete("/api/v1/screenings/" + id + "/note")
                .then()
                .statusCode(200)
                .body("request.message", nullValue())
                .body("noteErasedAt", notNullValue());
    }
}
