package dev.bonafide.security;

import dev.bonafide.refusal.Refusal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token. The app id and the author name are stored with
 * screenings, idempotency keys and ruleset versions, so a token whose app id is longer than
 * {@value #MAX_APP_ID_LENGTH} characters (or whose name is longer than {@value #MAX_AUTHOR_LENGTH})
 * or holds spaces or control characters is refused with 401 before anything is read or stored.
 */
@RequestScoped
public class Caller {

    /** The longest app id a token may name, like every other id the service stores. */
    public static final int MAX_APP_ID_LENGTH = 128;
    /** The longest author name (the token's principal) a ruleset version records. */
    public static final int MAX_AUTHOR_LENGTH = 200;

    /** Printable, without white space, control characters or lone surrogates. */
    private static final Pattern PRINTABLE_ID = Pattern.compile("[^\\x00-\\x20\\x7F\\p{Cs}]+");
    /** Printable, spaces allowed. */
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[^\\x00-\\x1F\\x7F\\p{Cs}]+");

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    private String appId;

    /**
     * The calling app: the token's authorised party ({@code azp}) or {@code client_id} when the
     * identity provider sets one (client-credentials tokens), else its subject; at most
     * {@value #MAX_APP_ID_LENGTH} printable characters without spaces, or the call is refused with 401.
     */
    public String appId() {
        if (appId == null) {
            if (identity.isAnonymous()) {
                throw new io.quarkus.security.UnauthorizedException();
            }
            appId = checked(claimedAppId());
        }
        return appId;
    }

    private String claimedAppId() {
        for (String claim : new String[] {"azp", "client_id"}) {
            Object value = token.getClaim(claim);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        String subject = token.getSubject();
        return subject != null && !subject.isBlank()
                ? subject
                : identity.getPrincipal().getName();
    }

    private static String checked(String appId) {
        if (appId == null
                || appId.length() > MAX_APP_ID_LENGTH
                || !PRINTABLE_ID.matcher(appId).matches()) {
            throw unusable("The token's app id (its azp, client_id or sub claim) must be 1 to " + MAX_APP_ID_LENGTH
                    + " printable characters without spaces.");
        }
        return appId;
    }

    /** The person or app changing rules, as the history records them. */
    public String author() {
        String name = identity.getPrincipal().getName();
        if (name == null || name.isBlank()) {
            return appId();
        }
        if (name.length() > MAX_AUTHOR_LENGTH || !PRINTABLE_NAME.matcher(name).matches()) {
            throw unusable("The token's name (its upn, preferred_username or sub claim) must be 1 to "
                    + MAX_AUTHOR_LENGTH + " printable characters.");
        }
        return name;
    }

    private static Refusal unusable(String detail) {
        return Refusal.unauthenticated(detail);
    }

    public boolean isRulesAdmin() {
        return identity.hasRole(Roles.RULES_ADMIN);
    }

    public boolean isAuditor() {
        return identity.hasRole(Roles.AUDITOR);
    }
}
