package dev.bonafide.screening;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The acceptance stories of the product page, against the running service. */
@QuarkusTest
class StoriesTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsTestApp() {
        dev.bonafide.TestTokens.callAsTestAppWithAllRoles();
    }

    @Test
    void flatteringNetworkerWithLargeNetworkIsDeclined() {
        given().contentType(ContentType.JSON)
                .body("""
                {"message": "Hi! I just couldn't resist the smile in your picture.",
                 "mutualConnections": 1, "requesterNetworkSize": 1200,
                 "requester": {"id": "story-1-requester", "headline": "Professional networker | Connector"},
                 "knownToRecipient": false}
                """)
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("verdict", equalTo("DECLINE"))
                .body("reasons.ruleId", hasItems("large-network", "flatters-looks", "networker-headline"))
                .body("reasons.find { it.ruleId == 'large-network' }.explanation", containsString("1,200 connections"))
                .body(
                        "reasons.find { it.ruleId == 'flatters-looks' }.explanation",
                        containsString("instead of giving a real reason"))
                .body("reasons.find { it.ruleId == 'networker-headline' }.explanation", containsString("networker"));
    }

    @Test
    void founderWhoKnowsTheWorkIsAccepted() {
        given().contentType(ContentType.JSON)
                .body("""
                {"message": "Hello Eugene, I'm Ken Carroll, the founder of ChinesePod.com. I'm aware of your work on collaboration and admire it, and I'd like to connect to learn more.",
                 "mutualConnections": 0, "requesterNetworkSize": 420, "knownToRecipient": false}
                """)
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("verdict", equalTo("ACCEPT"))
                .body("reasons.ruleId", hasItems("introduces-sender", "gives-reason", "knows-recipient-work"))
                .body(
                        "reasons.find { it.ruleId == 'introduces-sender' }.explanation",
                        containsString("who the sender is"))
                .body("reasons.find { it.ruleId == 'gives-reason' }.explanation", containsString("reason to connect"))
                .body(
                        "reasons.find { it.ruleId == 'knows-recipient-work' }.explanation",
                        containsString("recipient's work"));
    }

    @Test
    void knownContactWithEmptyNoteIsAccepted() {
        given().contentType(ContentType.JSON)
                .body("""
                {"message": "", "mutualConnections": 0, "requesterNetworkSize": 180, "knownToRecipient": true}
                """)
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("verdict", equalTo("ACCEPT"))
                .body("reasons.ruleId", hasItem("known-contact"))
                .body("reasons.ruleId", not(hasItem("no-note-from-stranger")));
    }

    @Test
    void strangerWithoutMutualsOrNoteIsNotAccepted() {
        given().contentType(ContentType.JSON)
                .body("""
                {"mutualConnections": 0, "requesterNetworkSize": 300}
                """)
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("verdict", not(equalTo("ACCEPT")))
                .body("reasons.ruleId", hasItems("no-note-from-stranger", "no-mutual-connections"))
                .body("reasons.points", everyItem(not(equalTo(0))));
    }
}
