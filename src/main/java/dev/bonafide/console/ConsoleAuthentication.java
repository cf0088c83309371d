package dev.bonafide.console;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Signs console pages in with the bearer token kept in the console's cookie, verified exactly as an
 * API call's bearer token is (same verifier, issuer, audience, age and roles). Only paths under
 * {@value ConsoleSession#PATH} read the cookie: the API stays bearer-only, so the cookie a browser
 * holds can never call {@code /api}. It runs after the bearer mechanism and only when that found no
 * {@code Authorization} header, so it adds nothing to an API call that carries one.
 *
 * <p>A cookie whose token fails (expired, wrong signature, malformed) leaves the request anonymous
 * and marks it with {@link #REFUSED}, so the page sends the operator back to sign-in with a message.
 */
@ApplicationScoped
public class ConsoleAuthentication implements HttpAuthenticationMechanism {

    /** Request attribute set when the cookie held a token that was refused. */
    public static final String REFUSED = "dev.bonafide.console.token-refused";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!underConsole(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        Cookie cookie = context.request().getCookie(ConsoleSession.COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String token = cookie.getValue();
        if (!ConsoleSession.looksLikeToken(token)) {
            context.put(REFUSED, Boolean.TRUE);
            return Uni.createFrom().nullItem();
        }
        return identities
                .authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential(token)))
                .onFailure()
                .recoverWithItem(failure -> {
                    context.put(REFUSED, Boolean.TRUE);
                    return null;
                });
    }

    static boolean underConsole(String path) {
        return path != null && (path.equals(ConsoleSession.PATH) || path.startsWith(ConsoleSession.PATH + "/"));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // The console answers an unauthenticated page with a redirect to its sign-in page itself.
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom()
                .item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, ConsoleSession.COOKIE));
    }

    @Override
    public int getPriority() {
        // Below the bearer mechanism (DEFAULT_PRIORITY): an Authorization header is looked at first.
        return DEFAULT_PRIORITY - 100;
    }
}
