package dev.bonafide.console;

import static dev.bonafide.TestTokens.bearer;
import static dev.bonafide.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.bonafide.TestTokens;
import dev.bonafide.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator console: signing in and out, what each role sees and may do, protection of its forms,
 * and that its cookie never authenticates the API.
 */
@QuarkusTest
class ConsoleTest {

    private static final String HOSTILE_NOTE = "<script>alert('x')</script><img src=x onerror=alert(1)> & \"quoted\"";

    @BeforeEach
    void noDefaultToken() {
        TestTokens.callAnonymously();
    }

    /** A request as a browser signed in with this token sends it. */
    private static RequestSpecification signedIn(String token) {
        return given().redirects().follow(false).cookie(ConsoleSession.COOKIE, token);
    }

    private static String screen(String app, String body) {
        return given().header("Authorization", bearer(token(app, Roles.SCREENER)))
                .contentType("application/json")
                .body(body)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    // ---- Sign-in and sign-out ----------------------------------------------------------------------

    @Test
    void signInWithAPastedTokenSetsAStrictHttpOnlyCookieScopedToTheConsole() {
        Response form = given().get("/console/sign-in");
        form.then().statusCode(200).body(containsString("<label for=\"token\">Bearer token</label>"));
        String nonce = form.getCookie(ConsoleSession.SIGN_IN_COOKIE);
        assertThat(form.getHeader("Set-Cookie")).contains("HttpOnly", "SameSite=Strict", "Path=/console");
        String token = token("ops-alice", Roles.RULES_ADMIN);

        Response signedIn = given().redirects()
                .follow(false)
                .cookie(ConsoleSession.SIGN_IN_COOKIE, nonce)
                .formParam("token", token)
                .formParam("nonce", nonce)
                .post("/console/sign-in");

        signedIn.then().statusCode(303).header("Location", equalTo("/console"));
        String cookie = signedIn.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(ConsoleSession.COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie)
                .contains(token, "HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age=")
                .doesNotContain("Secure"); // served over plain http here; over https it is Secure
        signedIn(token).get("/console/rules").then().statusCode(200).body(containsString("Rules in force"));
    }

    @Test
    void signInWithoutTheFormsOwnCookieIsRefused() {
        given().formParam("token", token("ops-alice", Roles.RULES_ADMIN))
                .formParam("nonce", "forged-nonce-from-another-site")
                .post("/console/sign-in")
                .then()
                .statusCode(403)
                .header("Set-Cookie", not(containsString(ConsoleSession.COOKIE + "=ey")));
    }

    @Test
    void aTokenThatDoesNotVerifyIsRefusedAtSignInWithAClearMessage() {
        String nonce = given().get("/console/sign-in").getCookie(ConsoleSession.SIGN_IN_COOKIE);
        given().cookie(ConsoleSession.SIGN_IN_COOKIE, nonce)
                .formParam("token", TestTokens.expired("ops-alice", Roles.RULES_ADMIN))
                .formParam("nonce", nonce)
                .post("/console/sign-in")
                .then()
                .statusCode(401)
                .body(containsString("The token was refused"));
        given().cookie(ConsoleSession.SIGN_IN_COOKIE, nonce)
                .formParam("token", "not a token <b>")
                .formParam("nonce", nonce)
                .post("/console/sign-in")
                .then()
                .statusCode(400)
                .body(containsString("That is not a bearer token"))
                .body(not(containsString("<b>")));
    }

    @Test
    void withoutASessionEveryPageSendsTheOperatorToSignIn() {
        given().redirects()
                .follow(false)
                .get("/console/screenings")
                .then()
                .statusCode(303)
                .header("Location", containsString("/console/sign-in?reason=required"));
    }

    @Test
    void anExpiredTokenSendsTheOperatorBackToSignInWithAMessage() {
        String expired = TestTokens.expired("ops-alice", Roles.AUDITOR);
        signedIn(expired)
                .get("/console/screenings")
                .then()
                .statusCode(303)
                .header("Location", containsString("/console/sign-in?reason=expired"))
                .header("Set-Cookie", containsString(ConsoleSession.COOKIE + "=; Path=/console; Max-Age=0"));
        given().get("/console/sign-in?reason=expired")
                .then()
                .statusCode(200)
                .body(containsString("Your token has expired or is no longer accepted"));
    }

    @Test
    void signOutClearsTheCookie() {
        String token = token("ops-alice", Roles.AUDITOR);
        signedIn(token)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(token))
                .post("/console/sign-out")
                .then()
                .statusCode(303)
                .header("Location", containsString("/console/sign-in?reason=signed-out"))
                .header("Set-Cookie", containsString(ConsoleSession.COOKIE + "=; Path=/console; Max-Age=0"));
    }

    // ---- The API stays bearer-only -----------------------------------------------------------------

    @Test
    void theConsoleCookieDoesNotAuthenticateTheApi() {
        String token = token("ops-alice", Roles.AUDITOR, Roles.SCREENER, Roles.RULES_ADMIN);
        given().cookie(ConsoleSession.COOKIE, token)
                .get("/api/v1/screenings")
                .then()
                .statusCode(401);
        given().cookie(ConsoleSession.COOKIE, token).get("/api/v1/rules").then().statusCode(401);
        given().cookie(ConsoleSession.COOKIE, token)
                .contentType("application/json")
                .body("{\"mutualConnections\": 1, \"requesterNetworkSize\": 10}")
                .post("/api/v1/screenings")
                .then()
                .statusCode(401);
        // Not even by a path that climbs out of /console.
        given().cookie(ConsoleSession.COOKIE, token)
                .urlEncodingEnabled(false)
                .get("/console/../api/v1/screenings")
                .then()
                .statusCode(401);
    }

    @Test
    void theConsoleIsNotPartOfTheApiDocument() {
        given().get("/q/openapi?format=json").then().statusCode(200).body(not(containsString("/console")));
    }

    // ---- Roles ---------------------------------------------------------------------------------------

    @Test
    void aScreenerSeesOnlyItsOwnAppsScreeningsAndNoRules() {
        String mine = screen("console-app-a", "{\"mutualConnections\": 2, \"requesterNetworkSize\": 40}");
        String theirs = screen("console-app-b", "{\"mutualConnections\": 3, \"requesterNetworkSize\": 50}");
        String screener = token("console-app-a", Roles.SCREENER);

        String list = signedIn(screener)
                .get("/console/screenings")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(list).contains(mine).doesNotContain(theirs).doesNotContain("href=\"/console/rules\"");
        signedIn(screener).get("/console/screenings/" + theirs).then().statusCode(404);
        signedIn(screener).get("/console/screenings/" + mine).then().statusCode(200);
        signedIn(screener).get("/console/rules").then().statusCode(403);
        signedIn(screener).get("/console/rules/large-network/edit").then().statusCode(403);
        signedIn(screener)
                .get("/console/try")
                .then()
                .statusCode(200)
                .body(containsString("Screen and store"))
                .body(not(containsString("Draft ruleset")));
    }

    @Test
    void anAuditorSeesEveryAppButEditsNothing() {
        String a = screen("console-app-c", "{\"mutualConnections\": 2, \"requesterNetworkSize\": 40}");
        String auditor = token("trust-and-safety", Roles.AUDITOR);
        signedIn(auditor)
                .get("/console/screenings?limit=100")
                .then()
                .statusCode(200)
                .body(containsString(a));
        String rules = signedIn(auditor)
                .get("/console/rules")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(rules).contains("large-network").doesNotContain("/edit\"").doesNotContain("Save thresholds");

        long before = currentVersion();
        signedIn(auditor)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(auditor))
                .formParam("when", "true")
                .formParam("points", "100")
                .formParam("explanation", "Everyone is welcome.")
                .formParam("baseVersion", Long.toString(before))
                .post("/console/rules/large-network")
                .then()
                .statusCode(403);
        signedIn(auditor)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(auditor))
                .formParam("acceptThreshold", "0")
                .formParam("declineThreshold", "0")
                .formParam("baseVersion", Long.toString(before))
                .post("/console/rules/thresholds")
                .then()
                .statusCode(403);
        assertThat(currentVersion()).isEqualTo(before);
    }

    private static long currentVersion() {
        String etag = given().header("Authorization", bearer(token("trust-and-safety", Roles.AUDITOR)))
                .get("/api/v1/rules")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        return Long.parseLong(etag.replace("\"", ""));
    }

    // ---- Forms ---------------------------------------------------------------------------------------

    @Test
    void aFormWithoutItsFormTokenIsRefusedAndChangesNothing() {
        String admin = token("ops-alice", Roles.RULES_ADMIN);
        long before = currentVersion();
        signedIn(admin)
                .formParam("description", "changed by a page from another site")
                .formParam("when", "requesterNetworkSize >= 1000")
                .formParam("points", "-5")
                .formParam("explanation", "x")
                .formParam("baseVersion", Long.toString(before))
                .post("/console/rules/large-network")
                .then()
                .statusCode(403)
                .body(containsString("form token"));
        signedIn(admin)
                .formParam(
                        ConsoleSession.FORM_TOKEN_FIELD,
                        ConsoleSession.formToken(token("ops-mallory", Roles.RULES_ADMIN)))
                .formParam("acceptThreshold", "10")
                .formParam("declineThreshold", "5")
                .formParam("baseVersion", Long.toString(before))
                .post("/console/rules/thresholds")
                .then()
                .statusCode(403);
        assertThat(currentVersion()).isEqualTo(before);
    }

    @Test
    void aBrokenRuleIsShownWithLineAndColumnUnderTheExpressionAndNothingIsSaved() {
        String admin = token("ops-alice", Roles.RULES_ADMIN);
        long before = currentVersion();
        String page = signedIn(admin)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(admin))
                .formParam("when", "requesterNetworkSize >=\n  noSuchFact")
                .formParam("points", "-5")
                .formParam("explanation", "The requester has many connections.")
                .formParam("enabled", "true")
                .formParam("baseVersion", Long.toString(before))
                .formParam("key", UUID.randomUUID().toString())
                .post("/console/rules/large-network")
                .then()
                .statusCode(422)
                .extract()
                .asString();
        assertThat(page).containsPattern("class=\"field-error\" role=\"alert\">Line 2, column \\d+: ");
        assertThat(currentVersion()).isEqualTo(before);
    }

    @Test
    void aRulesAdminChangesARuleThroughTheApiAndTheHistoryShowsTheDiff() {
        String admin = token("ops-alice", Roles.RULES_ADMIN);
        String form = signedIn(admin)
                .get("/console/rules/large-network/edit")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(form).contains("name=\"formToken\" value=\"" + ConsoleSession.formToken(admin) + "\"");
        long before = currentVersion();
        String when = given().header("Authorization", bearer(token("ops-alice", Roles.RULES_ADMIN)))
                .get("/api/v1/rules/large-network")
                .then()
                .extract()
                .path("when");
        Integer points = given().header("Authorization", bearer(token("ops-alice", Roles.RULES_ADMIN)))
                .get("/api/v1/rules/large-network")
                .then()
                .extract()
                .path("points");
        String explanation = given().header("Authorization", bearer(token("ops-alice", Roles.RULES_ADMIN)))
                .get("/api/v1/rules/large-network")
                .then()
                .extract()
                .path("explanation");

        signedIn(admin)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(admin))
                .formParam("description", "Large networks, described from the console")
                .formParam("when", when)
                .formParam("points", points.toString())
                .formParam("explanation", explanation)
                .formParam("enabled", "true")
                .formParam("comment", "described from the console")
                .formParam("baseVersion", Long.toString(before))
                .formParam("key", UUID.randomUUID().toString())
                .post("/console/rules/large-network")
                .then()
                .statusCode(303)
                .header("Location", containsString("/console/rules?changed=" + (before + 1)));

        given().header("Authorization", bearer(token("trust-and-safety", Roles.AUDITOR)))
                .get("/api/v1/rulesets/" + (before + 1))
                .then()
                .statusCode(200)
                .body("author", equalTo("ops-alice"))
                .body("comment", equalTo("described from the console"));
        signedIn(admin)
                .get("/console/rules/history?from=" + before + "&to=" + (before + 1))
                .then()
                .statusCode(200)
                .body(containsString("Large networks, described from the console"))
                .body(containsString("<code>large-network</code>"));
    }

    @Test
    void hostileNoteTextIsEscapedOnEveryPageThatShowsIt() {
        String id = screen(
                "console-app-d",
                "{\"message\": " + json(HOSTILE_NOTE) + ", \"mutualConnections\": 0, \"requesterNetworkSize\": 10,"
                        + " \"requester\": {\"id\": \"member-1\", \"headline\": \"<i>networker</i>\"}}");
        String page = signedIn(token("console-app-d", Roles.SCREENER))
                .get("/console/screenings/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .doesNotContain("<script>alert")
                .doesNotContain("<img src=x")
                .doesNotContain("<i>networker")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("&amp; &quot;quoted&quot;");
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void tryItPreviewsAgainstTheRulesInForceAndADraftSideBySideAndScreens() {
        String both = token("console-app-e", Roles.SCREENER, Roles.RULES_ADMIN);
        String form = signedIn(both)
                .get("/console/try")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(form).contains("Draft ruleset", "large-network");
        String draft = "[{\"id\": \"everyone\", \"when\": \"true\", \"points\": 40, \"explanation\": \"Welcome.\"}]";
        signedIn(both)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(both))
                .formParam("do", "preview")
                .formParam("message", "Hi, I run a language-learning site and admire your work.")
                .formParam("mutualConnections", "0")
                .formParam("requesterNetworkSize", "300")
                .formParam("draft", draft)
                .post("/console/try")
                .then()
                .statusCode(200)
                .body(containsString("Ruleset in force"))
                .body(containsString("<h2>Draft</h2>"))
                .body(containsString("<code>everyone</code> 40"));

        // The draft the page starts with, the whole ruleset in force, is larger than a default form field.
        String rules = given().header("Authorization", bearer(both))
                .get("/api/v1/rules")
                .asString();
        String wholeDraft;
        try {
            wholeDraft = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(rules)
                    .get("rules")
                    .toPrettyString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
        assertThat(wholeDraft.length()).isGreaterThan(4096);
        signedIn(both)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(both))
                .formParam("do", "preview")
                .formParam("mutualConnections", "0")
                .formParam("requesterNetworkSize", "300")
                .formParam("draft", wholeDraft)
                .post("/console/try")
                .then()
                .statusCode(200)
                .body(containsString("<h2>Draft</h2>"));

        Response screened = signedIn(both)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(both))
                .formParam("do", "screen")
                .formParam("message", "Hello there")
                .formParam("mutualConnections", "1")
                .formParam("requesterNetworkSize", "200")
                .formParam("key", "console-try-1")
                .post("/console/try");
        screened.then().statusCode(303).header("Location", containsString("/console/screenings/"));
        String location = screened.getHeader("Location");
        signedIn(both)
                .get(location.substring(location.indexOf("/console/")))
                .then()
                .statusCode(200)
                .body(containsString("Hello there"));
        signedIn(both)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(both))
                .formParam("do", "preview")
                .formParam("mutualConnections", "-1")
                .formParam("requesterNetworkSize", "200")
                .formParam("draft", "[{\"id\": ")
                .post("/console/try")
                .then()
                .statusCode(400)
                .body(containsString("<code>draft</code> (line 1, column"));
    }

    @Test
    void theStatisticsPageShowsItsNumbersAsTablesAndLoadsItsChartsFromTheConsole() {
        screen("console-app-f", "{\"mutualConnections\": 2, \"requesterNetworkSize\": 40}");
        String page = signedIn(token("console-app-f", Roles.SCREENER))
                .get("/console/stats?bucket=HOUR")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .extract()
                .asString();
        assertThat(page)
                .contains("id=\"verdicts-table\"", "id=\"rules-table\"", "app <strong>console-app-f</strong>")
                .contains("src=\"/console/assets/uPlot.iife.min.js\"")
                .doesNotContain("http://", "https://");
        given().get("/console/assets/uPlot.iife.min.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"));
        given().get("/console/assets/htmx.min.js").then().statusCode(200);
        // Only the console serves them: no static file handler (which would look at every API request).
        given().get("/webjars/htmx.org/2.0.4/dist/htmx.min.js").then().statusCode(404);
        given().get("/console/assets/..%2Fapplication.properties").then().statusCode(404);
    }

    @Test
    void aBacktestStartedFromADraftShowsItsProgressAndItsResults() {
        screen("console-app-g", "{\"mutualConnections\": 2, \"requesterNetworkSize\": 40}");
        String admin = token("ops-alice", Roles.RULES_ADMIN);
        signedIn(admin).get("/console/backtests").then().statusCode(200).body(containsString("Start the backtest"));
        Response started = signedIn(admin)
                .formParam(ConsoleSession.FORM_TOKEN_FIELD, ConsoleSession.formToken(admin))
                .formParam(
                        "draft",
                        "[{\"id\": \"everyone\", \"when\": \"true\", \"points\": 40, \"explanation\": \"Hi.\"}]")
                .formParam("key", UUID.randomUUID().toString())
                .post("/console/backtests");
        started.then().statusCode(303);
        String location = started.getHeader("Location");
        String path = location.substring(location.indexOf("/console/"));
        String state = "";
        for (int i = 0; i < 100 && !state.contains("DONE"); i++) {
            state = signedIn(admin)
                    .get(path + "/progress")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
        }
        assertThat(state).contains("<strong id=\"state\">DONE</strong>");
        signedIn(admin).get(path).then().statusCode(200).body(containsString("Transitions from the verdict as scored"));
        signedIn(token("trust-and-safety", Roles.AUDITOR))
                .get("/console/backtests")
                .then()
                .statusCode(200)
                .body(not(containsString("Start the backtest")));
    }
}
