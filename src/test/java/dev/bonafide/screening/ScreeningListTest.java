package dev.bonafide.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScreeningListTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsTestApp() {
        dev.bonafide.TestTokens.callAsTestAppWithAllRoles();
    }

    private static String screen(String requesterId, String recipientId, boolean known) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"mutualConnections": 0, "requesterNetworkSize": 300, "knownToRecipient": %b,
                         "requester": {"id": "%s"}, "recipientId": "%s"}
                        """.formatted(known, requesterId, recipientId))
                .when()
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static JsonPath page(String requesterId, String cursor, int limit) {
        var request = given().queryParam("requesterId", requesterId).queryParam("limit", limit);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.when()
                .get("/api/v1/screenings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void pagesNeverRepeatOrSkipWhileNewScreeningsArrive() {
        String requester = "pager-" + UUID.randomUUID();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(screen(requester, "rec-" + i, false));
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = page(requester, cursor, 3);
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            pages++;
            screen(requester, "late-" + pages, false); // arrives between pages
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void filtersByVerdictRecipientAndTime() {
        String requester = "filter-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        String accepted = screen(requester, "alice", true);
        screen(requester, "bob", false);

        given().queryParam("requesterId", requester)
                .queryParam("verdict", "ACCEPT")
                .when()
                .get("/api/v1/screenings")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(accepted))
                .body("nextCursor", nullValue());
        given().queryParam("requesterId", requester)
                .queryParam("recipientId", "bob")
                .when()
                .get("/api/v1/screenings")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items.request.recipientId", everyItem(equalTo("bob")));
        given().queryParam("requesterId", requester)
                .queryParam("from", before.toString())
                .when()
                .get("/api/v1/screenings")
                .then()
                .statusCode(200)
                .body("items", hasSize(2));
        given().queryParam("requesterId", requester)
                .queryParam("to", before.toString())
                .when()
                .get("/api/v1/screenings")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void defaultPageSizeAndBadParametersAreExplained() {
        given().when()
                .get("/api/v1/screenings")
                .then()
                .statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.lessThanOrEqualTo(20));
        for (String[] bad : new String[][] {
            {"limit", "0"},
            {"limit", "101"},
            {"limit", "ten"},
            {"verdict", "MAYBE"},
            {"from", "yesterday"},
            {"cursor", "not-a-cursor"},
            {"cursor", "MTpub3Q6YQ"}
        }) {
            given().queryParam(bad[0], bad[1])
                    .when()
                    .get("/api/v1/screenings")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }
}
