package dev.bonafide.screening;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.Screener;
import dev.bonafide.rules.ActiveRuleset;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ServiceUnavailableException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** Screens connection requests and keeps the screenings. */
@ApplicationScoped
public class ScreeningService {

    /** Seconds a caller is asked to wait when no ruleset is in force. */
    private static final long RETRY_AFTER_SECONDS = 5;

    private final Screener screener;
    private final ActiveRuleset rules;
    private final Clock clock;
    private final ScreeningMetrics metrics;

    public ScreeningService(Screener screener, ActiveRuleset rules, Clock clock, ScreeningMetrics metrics) {
        this.screener = screener;
        this.rules = rules;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Scores the request and stores the screening; returns only once it is committed. */
    public ScreeningView screen(ScreeningRequest request) {
        Timer.Sample sample = metrics.start();
        CompiledRuleset ruleset = rules.current()
                .orElseThrow(() -> new ServiceUnavailableException("No ruleset is in force; retry shortly.", RETRY_AFTER_SECONDS));
        Assessment assessment = screener.screen(request.toEngine(), ruleset);
        Screening screening = Screening.from(UUID.randomUUID(), clock.instant().truncatedTo(ChronoUnit.MILLIS), request, assessment);
        QuarkusTransaction.requiringNew().run(screening::persist);
        metrics.stored(sample, assessment);
        return ScreeningView.from(screening);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ScreeningView> find(UUID id) {
        return Screening.<Screening>findByIdOptional(id).map(ScreeningView::from);
    }
}
