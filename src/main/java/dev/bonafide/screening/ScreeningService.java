package dev.bonafide.screening;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.Screener;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.rules.ActiveRuleset;
import dev.bonafide.rules.RuleView;
import dev.bonafide.rules.RulesetStore;
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
    private final RulesetStore rulesets;

    public ScreeningService(Screener screener, ActiveRuleset rules, RulesetStore rulesets, Clock clock,
                            ScreeningMetrics metrics) {
        this.screener = screener;
        this.rules = rules;
        this.rulesets = rulesets;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Scores the request and stores the screening; returns only once it is committed. */
    public ScreeningView screen(ScreeningRequest request) {
        Timer.Sample sample = metrics.start();
        CompiledRuleset ruleset = inForce();
        Assessment assessment = screener.screen(request.toEngine(), ruleset);
        Screening screening = Screening.from(UUID.randomUUID(), clock.instant().truncatedTo(ChronoUnit.MILLIS), request, assessment);
        QuarkusTransaction.requiringNew().run(screening::persist);
        metrics.stored(sample, assessment);
        return ScreeningView.from(screening);
    }

    /** Scores without storing anything: against the ruleset in force and, if given, a draft. */
    public PreviewView preview(PreviewRequest preview) {
        CompiledRuleset inForce = inForce();
        ConnectionRequest request = preview.request().toEngine();
        Facts facts = screener.facts(request);
        PreviewView.Outcome draft = null;
        if (preview.draft() != null) {
            PreviewRequest.Draft d = preview.draft();
            Ruleset draftRuleset = new Ruleset(0,
                    d.acceptThreshold() == null ? inForce.ruleset().acceptThreshold() : d.acceptThreshold(),
                    d.declineThreshold() == null ? inForce.ruleset().declineThreshold() : d.declineThreshold(),
                    d.rules().stream().map(RuleView::toRule).toList());
            draft = PreviewView.Outcome.of(rulesets.compile(draftRuleset).assess(facts), true);
        }
        return new PreviewView(PreviewView.Outcome.of(inForce.assess(facts), false), draft);
    }

    private CompiledRuleset inForce() {
        return rules.current()
                .orElseThrow(() -> new ServiceUnavailableException("No ruleset is in force; retry shortly.", RETRY_AFTER_SECONDS));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ScreeningView> find(UUID id) {
        return Screening.<Screening>findByIdOptional(id).map(ScreeningView::from);
    }
}
