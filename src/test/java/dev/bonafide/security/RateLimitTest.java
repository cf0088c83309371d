package dev.bonafide.security;

import static dev.bonafide.TestTokens.bearer;
import static dev.bonafide.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test configuration gives noisy-app one request a second in bursts of five; other apps have the default. */
@QuarkusTest
class RateLimitTest {

    private static final String BODY = """
            {"message": "Hi", "mutualConnections": 0, "requesterNetworkSize": 10}""";

    @BeforeEach
    void noDefaultToken() {
        TestTokens.callAnonymously();
    }

    @Test
    void aNoisyAppIsSlowedWhileAnotherIsStillServed() {
        String noisy = bearer(token("noisy-app", Roles.SCREENER));
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(given().header("Authorization", noisy)
                    .contentType("application/json")
                    .body(BODY)
                    .post("/api/v1/screenings"));
        }
        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertThat(statuses).contains(201, 429);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isBetween(5L, 7L);

        Response limited =
                answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();

        given().header("Authorization", bearer(token("quiet-app", Roles.SCREENER)))
                .contentType("application/json")
                .body(BODY)
                .post("/api/v1/screenings")
                .then()
                .statusCode(201);
    }
}
