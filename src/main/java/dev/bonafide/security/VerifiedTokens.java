package dev.bonafide.security;

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
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each bearer token once. Apps send the same token with every call until it expires, and
 * checking its signature is most of what authenticating a call costs; so a token that passed is
 * remembered, by its exact text, until its expiry or for {@code bonafide.auth.verified-token-ttl}
 * (5 minutes by default; 0 turns remembering off), whichever comes first. A token that fails is
 * never remembered. At most {@code bonafide.auth.verified-tokens} (10,000) are kept; when that many
 * are, expired ones are dropped, and if none has expired, all are.
 *
 * <p>The price: a token keeps passing for up to the time-to-live after its signing key is withdrawn.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private record Verified(JsonWebToken token, long validUntilMillis) {
    }

    private final JWTParser verifier;
    private final Clock clock;
    private final long ttlMillis;
    private final int capacity;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    public VerifiedTokens(DefaultJWTParser verifier, Clock clock,
                          @ConfigProperty(name = "bonafide.auth.verified-token-ttl", defaultValue = "5M") Duration ttl,
                          @ConfigProperty(name = "bonafide.auth.verified-tokens", defaultValue = "10000") int capacity) {
        this((JWTParser) verifier, clock, ttl, capacity);
    }

    VerifiedTokens(JWTParser verifier, Clock clock, Duration ttl, int capacity) {
        this.verifier = verifier;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.capacity = capacity;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = clock.millis();
        Verified known = verified.get(token);
        if (known != null) {
            if (now < known.validUntilMillis()) {
                return known.token();
            }
            verified.remove(token, known);
        }
        JsonWebToken checked = verifier.parse(token);
        remember(token, checked, now);
        return checked;
    }

    private void remember(String token, JsonWebToken checked, long now) {
        if (ttlMillis <= 0 || capacity <= 0) {
            return;
        }
        long expiresAt = checked.getExpirationTime() * 1000;
        long until = Math.min(now + ttlMillis, expiresAt);
        if (until <= now) {
            return;
        }
        if (verified.size() >= capacity) {
            verified.values().removeIf(v -> v.validUntilMillis() <= now);
            if (verified.size() >= capacity) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(checked, until));
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
