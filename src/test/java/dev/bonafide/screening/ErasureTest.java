package dev.bonafide.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.bonafide.TestClock;
import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure is complete: once a note is erased (on request or by retention), no column of any table
 * holds any part of it or of the headline, although a rule quoted both in its explanation and the
 * note is longer than an explanation may be (so a quotation is a cut prefix, not the whole note).
 */
@QuarkusTest
class ErasureTest {

    private static final int WINDOW = 20;

    @Inject
    TestClock clock;

    @Inject
    NoteRetention retention;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void callAsTestApp() {
        TestTokens.callAsTestAppWithAllRoles();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** 2,500 characters of made-up personal details, no 20 of them in a row found anywhere else. */
    private static String note(String marker) {
        Random random = new Random(marker.hashCode());
        StringBuilder note =
                new StringBuilder("My name is " + marker + ", call me on 0" + (700000000 + random.nextInt(99999999))
                        + ", I live at " + random.nextInt(999) + " Quillfeather Lane. ");
        String letters = "abcdefghijklmnopqrstuvwxyz";
        while (note.length() < 2_500) {
            for (int i = 0; i < 3 + random.nextInt(7); i++) {
                note.append(letters.charAt(random.nextInt(letters.length())));
            }
            note.append(' ');
        }
        note.setLength(2_500);
        return note.toString();
    }

    private static long version() {
        return Long.parseLong(given().get("/api/v1/rules")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag")
                .replace("\"", "")
                .replace("W/", ""));
    }

    private static String screen(String note, String headline, String recipient) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"message": "%s", "mutualConnections": 2, "requesterNetworkSize": 300,
                         "requester": {"id": "erasure-requester", "headline": "%s"}, "recipientId": "%s"}
                        """.formatted(note, headline, recipient))
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .body("reasons.find { it.ruleId == 'quotes-note' }.explanation", containsString(note.substring(0, 100)))
                .body("reasons.find { it.ruleId == 'quotes-note' }.explanation", containsString(headline))
                .extract()
                .path("id");
    }

    @Test
    void noColumnOfAnyTableKeepsAnyPartOfAnErasedNote() throws SQLException {
        String marker = "ERASEME" + System.nanoTime();
        String note = note(marker);
        String headline = "Headline of " + marker + " at Quillfeather Consulting";
        long base = version();
        given().contentType(ContentType.JSON)
                .header("If-Match", "\"" + base + "\"")
                .body("""
                        {"id": "quotes-note", "description": "quotes the texts", "when": "hasNote", "points": 0,
                         "explanation": "Headline: {headline}. Note: {message}", "enabled": true}
                        """)
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
        try {
            String onRequest = screen(note, headline, "erasure-r-1");
            String byRetention = screen(note, headline, "erasure-r-2");
            assertThat(partsFound(note, headline))
                    .as("the texts are stored before erasure")
                    .isNotEmpty();

            given().delete("/api/v1/screenings/" + onRequest + "/note")
                    .then()
                    .statusCode(200)
                    .body("request.message", nullValue())
                    .body(
                            "reasons.find { it.ruleId == 'quotes-note' }.explanation",
                            containsString("Headline: [erased]. Note: [erased]"))
                    .body("reasons.explanation", not(org.hamcrest.Matchers.hasItem(containsString(marker))));
            assertThat(partsFound(note, headline))
                    .as("only the screening erased on request is erased")
                    .allMatch(found -> !found.contains(onRequest))
                    .isNotEmpty();

            clock.advance(Duration.ofDays(91));
            retention.eraseExpired();
            given().get("/api/v1/screenings/" + byRetention)
                    .then()
                    .statusCode(200)
                    .body("request.message", nullValue())
                    .body("request.requester.headline", nullValue())
                    .body(
                            "reasons.find { it.ruleId == 'quotes-note' }.explanation",
                            containsString("Headline: [erased]. Note: [erased]"));
            assertThat(partsFound(note, headline))
                    .as("no stored text keeps any part of the erased texts")
                    .isEmpty();
        } finally {
            clock.reset();
            given().header("If-Match", "\"" + (base + 1) + "\"")
                    .delete("/api/v1/rules/quotes-note")
                    .then()
                    .statusCode(200);
        }
    }

    /**
     * Every cell of every table, read as text, that holds any 20-character part of the note or the
     * headline: "table.column of row {first column}".
     */
    private List<String> partsFound(String note, String headline) throws SQLException {
        Set<String> parts = new HashSet<>();
        for (String text : new String[] {note, headline}) {
            for (int i = 0; i + WINDOW <= text.length(); i++) {
                parts.add(text.substring(i, i + WINDOW));
            }
        }
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows =
                    connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).as("tables of the schema").anyMatch(t -> t.equalsIgnoreCase("screening_reason"));
            for (String table : tables) {
                try (Statement query = connection.createStatement();
                        ResultSet rows = query.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData columns = rows.getMetaData();
                    while (rows.next()) {
                        for (int c = 1; c <= columns.getColumnCount(); c++) {
                            String value = rows.getString(c);
                            if (value != null && holdsAny(value, parts)) {
                                found.add(table + "." + columns.getColumnName(c) + " of row " + rows.getString(1));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean holdsAny(String value, Set<String> parts) {
        for (int i = 0; i + WINDOW <= value.length(); i++) {
            if (parts.contains(value.substring(i, i + WINDOW))) {
                return true;
            }
        }
        return false;
    }
}
