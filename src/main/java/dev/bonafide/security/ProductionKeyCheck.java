package dev.bonafide.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The packaged service refuses to start without a configured token verification key and issuer:
 * without them every call would be refused, or worse, a development key would be trusted. It
 * starts without a token audience, with a warning: not every identity provider sets one.
 */
@ApplicationScoped
public class ProductionKeyCheck {

    void check(
            @Observes StartupEvent event,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> key,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<String> audiences) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        if (key.isEmpty() && keyLocation.isEmpty()) {
            throw new IllegalStateException(
                    "No token verification key is configured: set MP_JWT_VERIFY_PUBLICKEY_LOCATION "
                            + "(a PEM file or a JWKS URL of your identity provider) or MP_JWT_VERIFY_PUBLICKEY. See the README, "
                            + "\"Access control\".");
        }
        if (issuer.isEmpty()) {
            throw new IllegalStateException("No token issuer is configured: set MP_JWT_VERIFY_ISSUER to the issuer of "
                    + "your identity provider's tokens. See the README, \"Access control\".");
        }
        if (audiences.isEmpty()) {
            // Not a refusal: an identity provider may issue tokens without an audience. But then a
            // token minted for any other service of the same provider, with a groups claim, is accepted.
            org.jboss.logging.Logger.getLogger(ProductionKeyCheck.class)
                    .warn("No token audience is configured (MP_JWT_VERIFY_AUDIENCES): tokens the identity provider "
                            + "issued for other services are accepted too");
        }
        if (keyLocation.map(l -> l.contains("dev-keys")).orElse(false)) {
            org.jboss.logging.Logger.getLogger(ProductionKeyCheck.class)
                    .warn("Tokens are verified with the development key from dev-keys/: anyone can mint them");
        }
    }
}
