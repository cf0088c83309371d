package dev.bonafide.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The session cookie's attributes and the form token, without a container. */
class ConsoleSessionTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcHMtYWxpY2UifQ.c2lnbmF0dXJl";

    @Test
    void theCookieIsHttpOnlyStrictAndScopedToTheConsoleAndSecureOverHttps() {
        assertThat(ConsoleSession.cookie(ConsoleSession.COOKIE, TOKEN, 3600, true))
                .isEqualTo("bonafide_console=" + TOKEN
                        + "; Path=/console; Max-Age=3600; HttpOnly; SameSite=Strict; Secure");
        assertThat(ConsoleSession.cookie(ConsoleSession.COOKIE, TOKEN, 3600, false))
                .doesNotContain("Secure");
    }

    @Test
    void clearingTheCookieGivesItNoAge() {
        assertThat(ConsoleSession.cookie(ConsoleSession.COOKIE, "", -5, false))
                .startsWith("bonafide_console=; Path=/console; Max-Age=0;");
    }

    @Test
    void theFormTokenIsTheSameOnEveryInstanceAndDiffersPerSession() {
        String token = ConsoleSession.formToken(TOKEN);
        assertThat(ConsoleSession.formToken(TOKEN)).isEqualTo(token);
        assertThat(ConsoleSession.formToken(TOKEN + "x")).isNotEqualTo(token);
        assertThat(token).doesNotContain(TOKEN.substring(0, 10)).matches("[A-Za-z0-9_-]{43}");
        assertThat(ConsoleSession.sameToken(token, token)).isTrue();
        assertThat(ConsoleSession.sameToken(token, null)).isFalse();
        assertThat(ConsoleSession.sameToken(token, "")).isFalse();
    }

    @Test
    void onlyBoundedCompactTokensAreLookedAt() {
        assertThat(ConsoleSession.looksLikeToken(TOKEN)).isTrue();
        assertThat(ConsoleSession.looksLikeToken("not a token")).isFalse();
        assertThat(ConsoleSession.looksLikeToken("a.b.c; Path=/")).isFalse();
        assertThat(ConsoleSession.looksLikeToken("a.b.c".repeat(2000))).isFalse();
        assertThat(ConsoleSession.looksLikeToken("a".repeat(ConsoleSession.MAX_TOKEN_LENGTH) + ".b.c"))
                .isFalse();
    }

    @Test
    void onlyPathsUnderTheConsoleReadTheCookie() {
        assertThat(ConsoleAuthentication.underConsole("/console")).isTrue();
        assertThat(ConsoleAuthentication.underConsole("/console/rules")).isTrue();
        assertThat(ConsoleAuthentication.underConsole("/consoles")).isFalse();
        assertThat(ConsoleAuthentication.underConsole("/api/v1/screenings")).isFalse();
        assertThat(ConsoleAuthentication.underConsole(null)).isFalse();
    }
}
