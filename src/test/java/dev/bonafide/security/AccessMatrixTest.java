package dev.bonafide.security;

import static dev.bonafide.TestTokens.bearer;
import static dev.bonafide.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint against no token, bad tokens, each role it does not allow (403) and each role it
 * allows. Rule changes are sent with a stale If-Match, so an allowed call is refused with 412 and
 * changes nothing.
 */
@QuarkusTest
class AccessMatrixTest {

    private static final String APP = "matrix-app";
    private static final List<String> ROLES = List.of(Roles.SCREENER, Roles.RULES_ADMIN, Roles.AUDITOR);
    private static final String SCREENING = """
            {"message": "Hello, we met at the Lisbon meetup.", "mutualConnections": 2, "requesterNetworkSize": 90}""";
    private static final String RULE = """
            {"id": "large-network", "when": "requesterNetworkSize >= 1000", "points": -5, "explanation": "big"}""";
    private static String screeningId;

    /** An endpoint, the roles it allows, and the status an allowed call gets. */
    record Endpoint(
            String method, String path, String body, Set<String> allowed, int allowedStatus, String contentType) {
        Endpoint(String method, String path, String body, Set<String> allowed, int allowedStatus) {
            this(method, path, body, allowed, allowedStatus, "application/json");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }

        Response call(RequestSpecification request) {
            RequestSpecification r = request.header("If-Match", "\"0\"");
            if (body != null) {
                r = r.contentType(contentType).body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return r.request(method, path.replace("{screening}", screeningId));
        }
    }

    /** A backtest id that names none: the allowed roles get 404, the others 401 or 403 first. */
    static final String NO_BACKTEST = "00000000-0000-4000-8000-00000000b7e5";

    static Stream<Endpoint> endpoints() {
        Set<String> screener = Set.of(Roles.SCREENER);
        Set<String> readers = Set.of(Roles.SCREENER, Roles.AUDITOR);
        Set<String> admin = Set.of(Roles.RULES_ADMIN);
        Set<String> rulesReaders = Set.of(Roles.RULES_ADMIN, Roles.AUDITOR);
        return Stream.of(
                new Endpoint("POST", "/api/v1/screenings", SCREENING, screener, 201),
                new Endpoint("GET", "/api/v1/screenings", null, readers, 200),
                new Endpoint("GET", "/api/v1/screenings/{screening}", null, readers, 200),
                new Endpoint(
                        "POST",
                        "/api/v1/screenings/preview",
                        "{\"request\": " + SCREENING + "}",
                        Set.of(Roles.SCREENER, Roles.RULES_ADMIN),
                        200),
                new Endpoint("DELETE", "/api/v1/screenings/{screening}/note", null, Set.of(Roles.AUDITOR), 200),
                new Endpoint("GET", "/api/v1/rules", null, rulesReaders, 200),
                new Endpoint("GET", "/api/v1/rules/large-network", null, rulesReaders, 200),
                new Endpoint("POST", "/api/v1/rules", RULE.replace("large-network", "matrix-rule"), admin, 412),
                new Endpoint("PUT", "/api/v1/rules/large-network", RULE, admin, 412),
                new Endpoint("DELETE", "/api/v1/rules/large-network", null, admin, 412),
                new Endpoint(
                        "PUT", "/api/v1/thresholds", "{\"acceptThreshold\": 65, \"declineThreshold\": 35}", admin, 412),
                new Endpoint("POST", "/api/v1/rules/validate", RULE, admin, 200),
                new Endpoint("GET", "/api/v1/rulesets", null, rulesReaders, 200),
                new Endpoint("GET", "/api/v1/rulesets/1", null, rulesReaders, 200),
                new Endpoint("POST", "/api/v1/rulesets/backtest", "{\"version\": 1, \"sampleSize\": 1}", admin, 202),
                new Endpoint("GET", "/api/v1/rulesets/backtest", null, rulesReaders, 200),
                new Endpoint("GET", "/api/v1/rulesets/backtest/" + NO_BACKTEST, null, rulesReaders, 404),
                new Endpoint("DELETE", "/api/v1/rulesets/backtest/" + NO_BACKTEST, null, admin, 404),
                new Endpoint("POST", "/api/v1/rulesets/suggestions", "{\"appId\": \"" + APP + "\"}", admin, 200),
                new Endpoint(
                        "GET",
                        "/api/v1/classifier?appId=" + APP,
                        null,
                        Set.of(Roles.SCREENER, Roles.AUDITOR, Roles.RULES_ADMIN),
                        200),
                new Endpoint("GET", "/api/v1/classifier/trainings?appId=" + APP, null, rulesReaders, 200),
                new Endpoint(
                        "POST",
                        "/api/v1/classifier/examples?appId=" + APP,
                        "{\"text\": \"Nice to meet you\", \"label\": \"genuine\"}\n",
                        admin,
                        200,
                        "application/x-ndjson"),
                new Endpoint("DELETE", "/api/v1/classifier?appId=" + APP, null, admin, 200));
    }

    static Stream<Arguments> refusedTokens() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey stranger = generator.generateKeyPair().getPrivate();
        List<Arguments> cases = new ArrayList<>();
        List<String[]> tokens = List.of(
                new String[] {"no token", null},
                new String[] {"garbage", "Bearer not.a.token"},
                new String[] {"not bearer", "Basic dXNlcjpwYXNz"},
                new String[] {"expired", bearer(TestTokens.expired(APP, "screener", "rules-admin", "auditor"))},
                new String[] {
                    "signed by another key",
                    bearer(Jwt.issuer(TestTokens.ISSUER)
                            .subject(APP)
                            .groups(Set.copyOf(ROLES))
                            .expiresIn(Duration.ofHours(1))
                            .sign(stranger))
                },
                new String[] {
                    "another issuer",
                    bearer(Jwt.issuer("https://elsewhere.example")
                            .subject(APP)
                            .groups(Set.copyOf(ROLES))
                            .expiresIn(Duration.ofHours(1))
                            .sign())
                },
                new String[] {
                    "for another service",
                    bearer(Jwt.issuer(TestTokens.ISSUER)
                            .audience("other-service")
                            .subject(APP)
                            .groups(Set.copyOf(ROLES))
                            .expiresIn(Duration.ofHours(1))
                            .sign())
                },
                new String[] {
                    "without an audience",
                    bearer(Jwt.issuer(TestTokens.ISSUER)
                            .subject(APP)
                            .groups(Set.copyOf(ROLES))
                            .expiresIn(Duration.ofHours(1))
                            .sign())
                },
                new String[] {
                    "older than the maximum age",
                    bearer(Jwt.issuer(TestTokens.ISSUER)
                            .audience(TestTokens.AUDIENCE)
                            .subject(APP)
                            .groups(Set.copyOf(ROLES))
                            .issuedAt(java.time.Instant.now().minus(Duration.ofHours(25)))
                            .expiresIn(Duration.ofHours(30))
                            .sign())
                });
        endpoints().forEach(e -> tokens.forEach(t -> cases.add(Arguments.of(e, t[0], t[1]))));
        return cases.stream();
    }

    static Stream<Arguments> roles() {
        List<Arguments> cases = new ArrayList<>();
        endpoints().forEach(e -> ROLES.forEach(role -> cases.add(Arguments.of(e, role))));
        return cases.stream();
    }

    @BeforeEach
    void createScreeningOnce() {
        TestTokens.callAnonymously();
        if (screeningId != null) {
            return;
        }
        screeningId = given().header("Authorization", bearer(token(APP, Roles.SCREENER)))
                .contentType("application/json")
                .body(SCREENING)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @ParameterizedTest(name = "{0} with {1}: 401")
    @MethodSource("refusedTokens")
    void missingOrInvalidTokensAreUnauthorized(Endpoint endpoint, String kind, String authorization) {
        RequestSpecification request = given();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        Response response = endpoint.call(request);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("roles")
    void eachRoleGetsExactlyWhatItIsAllowed(Endpoint endpoint, String role) {
        Response response = endpoint.call(given().header("Authorization", bearer(token(APP, role))));

        if (endpoint.allowed().contains(role)) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(endpoint.allowedStatus());
        } else {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }
}
