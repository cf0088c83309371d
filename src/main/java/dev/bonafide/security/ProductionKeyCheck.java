package dev.bonafide.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The packaged service refuses to start without a configured token verification key and issuer:
 * without them every call would be refused, or worse, a development key would be trusted. It
 * starts without a token audience, with a warning: not every identity provider sets one.
 */
@ApplicationScoped
public class ProductionKeyCheck {

    /** Reads SmallRye JWT's own settings (MicroProfile JWT names), which are not Bonafide's to map. */
    void check(@Observes StartupEvent event, Config config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        Optional<String> key = config.getOptionalValue("mp.jwt.verify.publickey", String.class);
        Optional<String> keyLocation = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class);
        Optional<String> issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class);
        Optional<String> audiences = config.getOptionalValue("mp.jwt.verify.audiences", String.class);
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
