package dev.bonafide.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, from the verified bearer token. */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    /**
     * The calling app: the token's authorised party ({@code azp}) or {@code client_id} when the
     * identity provider sets one (client-credentials tokens), else its subject.
     */
    public String appId() {
        for (String claim : new String[] {"azp", "client_id"}) {
            Object value = token.getClaim(claim);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        String subject = token.getSubject();
        return subject != null && !subject.isBlank() ? subject : identity.getPrincipal().getName();
    }

    /** The person or app changing rules, as the history records them. */
    public String author() {
        String name = identity.getPrincipal().getName();
        return name == null || name.isBlank() ? appId() : name;
    }

    public boolean isRulesAdmin() {
        return identity.hasRole(Roles.RULES_ADMIN);
    }

    public boolean isAuditor() {
        return identity.hasRole(Roles.AUDITOR);
    }
}
