package dev.bonafide.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The console's session: the operator's bearer token, kept in a cookie the browser sends only to
 * {@value #PATH} (HttpOnly, SameSite=Strict, Secure over https), and the form token that every
 * state-changing form of the console must carry (protection against cross-site request forgery).
 *
 * <p>The form token is derived from the session's bearer token (a SHA-256 over a fixed label and the
 * token), so every instance behind a load balancer computes the same one without shared state, and
 * a page from another site, which can neither read the HttpOnly cookie nor the console's pages,
 * cannot compute it. It reveals nothing usable about the token.
 */
public final class ConsoleSession {

    /** Where the console lives; the cookie is scoped to it. */
    public static final String PATH = "/console";
    /** The cookie that holds the operator's bearer token. */
    public static final String COOKIE = "bonafide_console";
    /** The cookie that protects the sign-in form itself (double submit), before any session exists. */
    public static final String SIGN_IN_COOKIE = "bonafide_console_sign_in";
    /** The form field every state-changing form carries. */
    public static final String FORM_TOKEN_FIELD = "formToken";
    /** The longest token the console accepts; the API's headers stop at 20 KiB anyway. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    /** A compact JWS: three base64url parts. Anything else is not even looked at. */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private ConsoleSession() {}

    /** Whether a pasted or stored value has the shape of a bearer token and a bounded length. */
    public static boolean looksLikeToken(String value) {
        return value != null
                && !value.isEmpty()
                && value.length() <= MAX_TOKEN_LENGTH
                && TOKEN_SHAPE.matcher(value).matches();
    }

    /** The form token of a session. */
    public static String formToken(String bearerToken) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("bonafide-console-form-token\0".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha.digest(bearerToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Compares in time independent of where the two differ. */
    public static boolean sameToken(String expected, String given) {
        return expected != null
                && given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    /** A Set-Cookie value for a cookie of the console; a max age of 0 clears it. */
    public static String cookie(String name, String value, long maxAgeSeconds, boolean secure) {
        return name + "=" + value + "; Path=" + PATH + "; Max-Age=" + Math.max(0, maxAgeSeconds)
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
