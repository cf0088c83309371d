package dev.bonafide.rules;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only with a compiled ruleset in force; the database has its own check. */
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
                .map(r -> HealthCheckResponse.named("ruleset").up()
                        .withData("version", r.version())
                        .withData("rules", r.ruleset().rules().size())
                        .build())
                .orElseGet(() -> HealthCheckResponse.named("ruleset").down()
                        .withData("reason", "no ruleset compiled")
                        .build());
    }
}
