package dev.bonafide.screening;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.Reason;
import dev.bonafide.engine.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Screenings by verdict, rule hits by rule, and the time a screening takes, stored. */
@ApplicationScoped
public class ScreeningMetrics {

    private final MeterRegistry registry;
    private final Timer duration;
    private final Map<Verdict, Counter> byVerdict = new EnumMap<>(Verdict.class);
    private final ConcurrentMap<String, Counter> hits = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();
    private final LongAdder started = new LongAdder();

    public ScreeningMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("bonafide.screening.duration")
                .description("Time to screen and store one connection request")
                .publishPercentileHistogram()
                .register(registry);
        for (Verdict verdict : Verdict.values()) {
            byVerdict.put(
                    verdict,
                    Counter.builder("bonafide.screenings")
                            .description("Screenings stored, by verdict")
                            .tag("verdict", verdict.name())
                            .register(registry));
        }
    }

    Timer.Sample start() {
        started.increment();
        return Timer.start(registry);
    }

    /** Screenings begun since start-up: background work watches it to give way to live traffic. */
    public long screeningsStarted() {
        return started.sum();
    }

    void stored(Timer.Sample sample, Assessment assessment) {
        sample.stop(duration);
        byVerdict.get(assessment.verdict()).increment();
        for (Reason reason : assessment.reasons()) {
            hits.computeIfAbsent(
                            reason.ruleId(),
                            rule -> Counter.builder("bonafide.rule.hits")
                                    .description("Times a rule fired in a stored screening")
                                    .tag("rule", rule)
                                    .register(registry))
                    .increment();
        }
        for (String failed : assessment.failedRules()) {
            errors.computeIfAbsent(
                            failed,
                            rule -> Counter.builder("bonafide.rule.errors")
                                    .description("Times a rule failed to evaluate and was treated as not fired")
                                    .tag("rule", rule)
                                    .register(registry))
                    .increment();
        }
    }
}
