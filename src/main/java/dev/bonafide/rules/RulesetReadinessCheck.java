package dev.bonafide.rules;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only with a compiled ruleset in force that was checked against the stored versions within
 * {@code bonafide.rules.stale-after}; the database has its own check.
 */
@Readiness
@ApplicationScoped
public class RulesetReadinessCheck implements HealthCheck {

    private final ActiveRuleset rules;

    public RulesetReadinessCheck(ActiveRuleset rules) {
        this.rules = rules;
    }

    @Override
    public HealthCheckResponse call() {
        return rules.inForce()
                .map(r -> {
                    HealthCheckResponseBuilder ruleset = HealthCheckResponse.named("ruleset")
                            .up()
                            .withData("version", r.version())
                            .withData("rules", r.ruleset().rules().size());
                    Optional<Duration> stale = rules.staleFor();
                    stale.ifPresent(d -> ruleset.down()
                            .withData("reason", "not checked against the stored versions for " + d.toMillis() + " ms"));
                    return ruleset.build();
                })
                .orElseGet(() -> HealthCheckResponse.named("ruleset")
                        .down()
                        .withData("reason", "no ruleset compiled")
                        .build());
    }
}
