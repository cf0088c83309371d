package dev.bonafide.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bonafide.config.BonafideConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each bearer token once. Apps send the same token with every call until it expires, and
 * checking its signature is most of what authenticating a call costs; so a token that passed is
 * remembered, by its exact text, until its expiry or for {@code bonafide.auth.verified-token-ttl}
 * (5 minutes by default; 0 turns remembering off), whichever comes first. A token that fails is
 * never remembered.
 *
 * <p>At most {@code bonafide.auth.verified-tokens} (10,000) are kept per instance, in a Caffeine
 * cache: each entry expires at its own time (the token's {@code exp}, or the time-to-live), and when
 * the cache is full one entry at a time is evicted by W-TinyLFU, which keeps the tokens used often
 * and turns away ones seen once. A client sending thousands of fresh tokens therefore evicts mostly
 * its own entries, not those of the apps that reuse one token.
 *
 * <p>A remembered token is never accepted past its {@code exp} or past the maximum token age
 * ({@code mp.jwt.verify.token.age}, counted from its {@code iat}), as the verifier would refuse it.
 * The price: a token keeps passing for up to the time-to-live after its signing key is withdrawn.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private record Verified(JsonWebToken token, long validUntilMillis) {}

    private final JWTParser verifier;
    private final Clock clock;
    private final long ttlMillis;
    private final long maxAgeMillis;
    /** Null when remembering is off. */
    private final Cache<String, Verified> verified;

    @Inject
    public VerifiedTokens(DefaultJWTParser verifier, Clock clock, BonafideConfig config, Config jwtConfig) {
        this(
                (JWTParser) verifier,
                clock,
                config.auth().verifiedTokenTtl(),
                config.auth().verifiedTokens(),
                // SmallRye JWT's own setting, in seconds: a token older than this is refused.
                jwtConfig
                        .getOptionalValue("mp.jwt.verify.token.age", Long.class)
                        .map(Duration::ofSeconds)
                        .orElse(Duration.ZERO),
                ForkJoinPool.commonPool());
    }

    VerifiedTokens(JWTParser verifier, Clock clock, Duration ttl, int capacity, Executor maintenance) {
        this(verifier, clock, ttl, capacity, Duration.ZERO, maintenance);
    }

    /**
     * @param maxAge      the greatest token age the verifier accepts ({@code mp.jwt.verify.token.age}), or
     *                    zero for none: a remembered token is forgotten when it reaches that age
     * @param maintenance runs the cache's eviction; tests pass {@code Runnable::run} to see its effect at once
     */
    VerifiedTokens(JWTParser verifier, Clock clock, Duration ttl, int capacity, Duration maxAge, Executor maintenance) {
        this.verifier = verifier;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxAgeMillis = maxAge.toMillis();
        this.verified = ttlMillis <= 0 || capacity <= 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(capacity)
                        .expireAfter(Expiry.creating((String token, Verified v) ->
                                Duration.ofMillis(Math.max(0, v.validUntilMillis() - clock.millis()))))
                        // The service's clock, so that expiry follows the same time as the tokens' exp.
                        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                        .executor(maintenance)
                        .build();
    }

    /** How many verified tokens are remembered now (an estimate, as Caffeine counts). */
    long remembered() {
        return verified == null ? 0 : verified.estimatedSize();
    }

    /** Runs pending evictions (for tests). */
    void cleanUp() {
        if (verified != null) {
            verified.cleanUp();
        }
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (verified != null) {
            // Caffeine never returns an entry past its expiry, even before it is evicted.
            Verified known = verified.getIfPresent(token);
            if (known != null) {
                return known.token();
            }
        }
        JsonWebToken checked = verifier.parse(token);
        remember(token, checked);
        return checked;
    }

    private void remember(String token, JsonWebToken checked) {
        if (verified == null) {
            return;
        }
        long now = clock.millis();
        long expiresAt = checked.getExpirationTime() * 1000;
        long until = Math.min(now + ttlMillis, expiresAt);
        if (maxAgeMillis > 0 && checked.getClaim("iat") instanceof Number issuedAt) {
            // The verifier refuses a token past its maximum age; so must the memory of it.
            until = Math.min(until, issuedAt.longValue() * 1000 + maxAgeMillis);
        }
        if (until > now) {
            verified.put(token, new Verified(checked, until));
        }
    }

    // Everything else is passed on unchanged: only the service's own configuration is remembered.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
