package dev.bonafide;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Bearer tokens signed with the development key, as apps and operators would send them. */
public final class TestTokens {

    public static final String ISSUER = "https://bonafide.dev/dev";
    /** The audience the test profile requires (mp.jwt.verify.audiences). */
    public static final String AUDIENCE = "bonafide";
    /** The app the functional tests call as; it holds every role. */
    public static final String TEST_APP = "test-app";

    private TestTokens() {}

    public static String token(String app, String... roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(app)
                .upn(app)
                .groups(Set.of(roles))
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    public static String expired(String app, String... roles) {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(app)
                .upn(app)
                .groups(Set.of(roles))
                .issuedAt(issued)
                .expiresAt(issued.plus(Duration.ofMinutes(5)))
                .sign();
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Every following REST Assured call carries a token of the test app with all three roles. */
    public static void callAsTestAppWithAllRoles() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", bearer(token(TEST_APP, "screener", "rules-admin", "auditor")))
                .build();
    }

    /** Every following call carries no token unless it adds one. */
    public static void callAnonymously() {
        RestAssured.requestSpecification = null;
    }
}
