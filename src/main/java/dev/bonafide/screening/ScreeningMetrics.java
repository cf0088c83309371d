package dev.bonafide.screening;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/** Screenings by verdict, rule hits by rule, and the time a screening takes, stored. */
@ApplicationScoped
public class ScreeningMetrics {

    private final MeterRegistry registry;
    private final Timer duration;

    public ScreeningMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("bonafide.screening.duration")
                .description("Time to screen and store one connection request")
                .publishPercentileHistogram()
                .register(registry);
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void stored(Timer.Sample sample, Assessment assessment) {
        sample.stop(duration);
        Counter.builder("bonafide.screenings")
                .description("Screenings stored, by verdict")
                .tag("verdict", assessment.verdict().name())
                .register(registry)
                .increment();
        for (Reason reason : assessment.reasons()) {
            Counter.builder("bonafide.rule.hits")
                    .description("Times a rule fired in a stored screening")
                    .tag("rule", reason.ruleId())
                    .register(registry)
                    .increment();
        }
        for (String rule : assessment.failedRules()) {
            Counter.builder("bonafide.rule.errors")
                    .description("Times a rule failed to evaluate and was treated as not fired")
                    .tag("rule", rule)
                    .register(registry)
                    .increment();
        }
    }
}
