package dev.bonafide.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bonafide.TestClock;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Remembering verified tokens: what is remembered, for how long, and what never is. */
class VerifiedTokensTest {

    /** A verifier that counts its calls; tokens named "bad..." fail, others expire at the given second. */
    private static final class CountingVerifier extends DefaultJWTParser {
        final Map<String, Integer> calls = new HashMap<>();
        final long expiresAtSecond;
        final Long issuedAtSecond;

        CountingVerifier(long expiresAtSecond) {
            this(expiresAtSecond, null);
        }

        CountingVerifier(long expiresAtSecond, Long issuedAtSecond) {
            this.expiresAtSecond = expiresAtSecond;
            this.issuedAtSecond = issuedAtSecond;
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls.merge(token, 1, Integer::sum);
            if (token.startsWith("bad")) {
                throw new ParseException("signature does not verify");
            }
            return new JsonWebToken() {
                @Override
                public String getName() {
                    return token;
                }

                @Override
                public Set<String> getClaimNames() {
                    return Set.of("exp");
                }

                @Override
                @SuppressWarnings("unchecked")
                public <T> T getClaim(String claim) {
                    if ("iat".equals(claim)) {
                        return (T) issuedAtSecond;
                    }
                    return "exp".equals(claim) ? (T) Long.valueOf(expiresAtSecond) : null;
                }
            };
        }
    }

    private final TestClock clock = new TestClock();

    private long inSeconds(long seconds) {
        return clock.millis() / 1000 + seconds;
    }

    @Test
    void aRememberedTokenIsCheckedAgainWhenItReachesTheMaximumTokenAge() throws Exception {
        // Issued 50 s ago, valid for an hour, remembered for 5 minutes; tokens older than 60 s are refused.
        CountingVerifier verifier = new CountingVerifier(inSeconds(3600), inSeconds(-50));
        VerifiedTokens tokens =
                new VerifiedTokens(verifier, clock, Duration.ofMinutes(5), 100, Duration.ofSeconds(60), Runnable::run);

        tokens.parse("token-a");
        clock.advance(Duration.ofSeconds(5));
        tokens.parse("token-a");
        assertThat(verifier.calls).containsEntry("token-a", 1);

        clock.advance(Duration.ofSeconds(6));
        tokens.parse("token-a");
        assertThat(verifier.calls).containsEntry("token-a", 2);
    }

    @Test
    void aVerifiedTokenIsCheckedOnceWithinItsTimeToLive() throws Exception {
        CountingVerifier verifier = new CountingVerifier(inSeconds(3600));
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock, Duration.ofMinutes(5), 100, Runnable::run);

        JsonWebToken first = tokens.parse("token-a");
        JsonWebToken second = tokens.parse("token-a");

        assertThat(second).isSameAs(first);
        assertThat(verifier.calls).containsEntry("token-a", 1);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        tokens.parse("token-a");
        assertThat(verifier.calls).containsEntry("token-a", 2);
    }

    @Test
    void aTokenIsNotRememberedPastItsExpiry() throws Exception {
        CountingVerifier verifier = new CountingVerifier(inSeconds(30));
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock, Duration.ofMinutes(5), 100, Runnable::run);

        tokens.parse("token-b");
        clock.advance(Duration.ofSeconds(31));
        tokens.parse("token-b");

        assertThat(verifier.calls).containsEntry("token-b", 2);
    }

    @Test
    void aTokenThatFailsIsCheckedEveryTime() {
        CountingVerifier verifier = new CountingVerifier(inSeconds(3600));
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock, Duration.ofMinutes(5), 100, Runnable::run);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.parse("bad-token")).isInstanceOf(ParseException.class);
        }
        assertThat(verifier.calls).containsEntry("bad-token", 3);
    }

    @Test
    void aTimeToLiveOfZeroChecksEveryCall() throws Exception {
        CountingVerifier verifier = new CountingVerifier(inSeconds(3600));
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock, Duration.ZERO, 100, Runnable::run);

        tokens.parse("token-c");
        tokens.parse("token-c");

        assertThat(verifier.calls).containsEntry("token-c", 2);
    }

    @Test
    void aTokenIsNotRememberedPastItsTimeToLiveEvenIfNeverEvicted() throws Exception {
        CountingVerifier verifier = new CountingVerifier(inSeconds(3600));
        VerifiedTokens tokens = new VerifiedTokens(
                verifier,
                clock,
                Duration.ofSeconds(10),
                100,
                task -> {}); // eviction never runs: only expiry on read protects

        tokens.parse("token-d");
        clock.advance(Duration.ofSeconds(10));
        tokens.parse("token-d");

        assertThat(verifier.calls).containsEntry("token-d", 2);
    }

    @Test
    void theMemoryIsBoundedInSize() throws Exception {
        CountingVerifier verifier = new CountingVerifier(inSeconds(3600));
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock, Duration.ofMinutes(5), 500, Runnable::run);

        for (int i = 0; i < 20_000; i++) {
            tokens.parse("many-" + i);
        }
        tokens.cleanUp();

        assertThat(tokens.remembered()).isLessThanOrEqualTo(500);
    }

    @Test
    void aFloodOfFreshTokensDoesNotEvictASteadyClientsToken() throws Exception {
        CountingVerifier verifier = new CountingVerifier(inSeconds(3600));
        VerifiedTokens tokens = new VerifiedTokens(verifier, clock, Duration.ofMinutes(5), 1_000, Runnable::run);
        for (int i = 0; i < 20; i++) {
            tokens.parse("steady");
        }

        // One client sends 50 times the capacity in tokens it never reuses; the steady client keeps calling.
        for (int i = 0; i < 50_000; i++) {
            tokens.parse("flood-" + i);
            if (i % 100 == 0) {
                tokens.parse("steady");
            }
        }
        tokens.parse("steady");

        assertThat(verifier.calls.get("steady"))
                .as("verifications of the steady token")
                .isEqualTo(1);
        assertThat(tokens.remembered()).isLessThanOrEqualTo(1_000);
    }
}
