package dev.bonafide.screening;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.Screener;
import dev.bonafide.engine.Verdict;
import io.quarkus.panache.common.Parameters;
import java.util.List;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.engine.NoteFingerprint;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.rules.ActiveRuleset;
import dev.bonafide.rules.RuleView;
import dev.bonafide.rules.RulesetStore;
import dev.bonafide.web.Idempotency;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ServiceUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

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
    private final RequesterHistory history;
    private final Idempotency idempotency;

    public ScreeningService(Screener screener, ActiveRuleset rules, RulesetStore rulesets, RequesterHistory history,
                            Idempotency idempotency, Clock clock, ScreeningMetrics metrics) {
        this.history = history;
        this.idempotency = idempotency;
        this.screener = screener;
        this.rules = rules;
        this.rulesets = rulesets;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Scores the request and stores the screening; returns only once it is committed. With a
     * requester id, the requester's lock is held from counting the history to the commit.
     */
    public Idempotency.Outcome<ScreeningView> screen(ScreeningRequest request, String appId, String idempotencyKey) {
        return idempotency.run("POST /api/v1/screenings by " + appId, idempotencyKey, request,
                claim -> screenOnce(request, appId, claim),
                stored -> find(UUID.fromString(stored.resourceId()), null).orElseThrow(() -> new IllegalStateException(
                        "Screening " + stored.resourceId() + " of a stored idempotency key is missing")));
    }

    private ScreeningView screenOnce(ScreeningRequest request, String appId, Idempotency.Claim claim) {
        Timer.Sample sample = metrics.start();
        CompiledRuleset ruleset = inForce();
        ConnectionRequest connection = request.toEngine();
        String fingerprint = NoteFingerprint.of(connection.message());
        String requesterId = connection.requesterId();
        UUID id = UUID.randomUUID();
        Callable<Scored> work = () -> {
            HistoryFacts history = HistoryFacts.NONE;
            Instant now;
            if (requesterId != null) {
                if (!this.history.lock(requesterId)) {
                    return null;
                }
                now = now();
                history = this.history.read(requesterId, fingerprint, connection.recipientId(), now);
            } else {
                now = now();
            }
            claim.record(201, id.toString());
            Facts facts = screener.facts(connection, history);
            Assessment assessment = ruleset.assess(facts);
            Screening screening = Screening.from(id, now, appId, request, fingerprint, facts, assessment);
            screening.persist();
            return new Scored(screening, assessment);
        };
        Scored scored = QuarkusTransaction.requiringNew().call(work);
        if (scored == null) {
            // A requester seen for the first time: create their row in a transaction of its own (never
            // nested, so a request holds one connection at a time), then screen.
            history.createRow(requesterId);
            scored = QuarkusTransaction.requiringNew().call(work);
            if (scored == null) {
                throw new IllegalStateException("The row of requester " + requesterId + " could not be created");
            }
        }
        metrics.stored(sample, scored.assessment());
        return ScreeningView.from(scored.screening());
    }

    private record Scored(Screening screening, Assessment assessment) {
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Scores without storing anything: against the ruleset in force and, if given, a draft. */
    public PreviewView preview(PreviewRequest preview) {
        CompiledRuleset inForce = inForce();
        ConnectionRequest request = preview.request().toEngine();
        HistoryFacts seen = request.requesterId() == null ? HistoryFacts.NONE
                : QuarkusTransaction.requiringNew().call(() -> history.read(request.requesterId(),
                        NoteFingerprint.of(request.message()), request.recipientId(), now()));
        Facts facts = screener.facts(request, seen);
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

    /** Filters for listing screenings; null means no filter. */
    record Filter(String appId, Verdict verdict, String requesterId, String recipientId, Instant from, Instant to) {
    }

    /** Screenings newest first, after the cursor when there is one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ScreeningPage list(Filter filter, Cursor cursor, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (filter.appId() != null) {
            where.append(" and appId = :appId");
            parameters.and("appId", filter.appId());
        }
        if (filter.verdict() != null) {
            where.append(" and verdict = :verdict");
            parameters.and("verdict", filter.verdict());
        }
        if (filter.requesterId() != null) {
            where.append(" and requesterId = :requesterId");
            parameters.and("requesterId", filter.requesterId());
        }
        if (filter.recipientId() != null) {
            where.append(" and recipientId = :recipientId");
            parameters.and("recipientId", filter.recipientId());
        }
        if (filter.from() != null) {
            where.append(" and createdAt >= :from");
            parameters.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" and createdAt < :to");
            parameters.and("to", filter.to());
        }
        if (cursor != null) {
            where.append(" and (createdAt < :cursorAt or (createdAt = :cursorAt and id < :cursorId))");
            parameters.and("cursorAt", cursor.createdAt()).and("cursorId", cursor.id());
        }
        // One row more than the page tells whether another page follows.
        List<Screening> rows = Screening.<Screening>find(where + " order by createdAt desc, id desc", parameters)
                .range(0, limit).list();
        boolean more = rows.size() > limit;
        List<Screening> page = more ? rows.subList(0, limit) : rows;
        return new ScreeningPage(page.stream().map(ScreeningView::from).toList(),
                more ? Cursor.after(page.get(page.size() - 1)).encode() : null);
    }

    /** A screening; with an app id, only when that app created it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ScreeningView> find(UUID id, String onlyOfApp) {
        return Screening.<Screening>findByIdOptional(id)
                .filter(s -> onlyOfApp == null || onlyOfApp.equals(s.appId))
                .map(ScreeningView::from);
    }

    /** Erases the note and headline of one screening now (an erasure request). */
    @Transactional
    public Optional<ScreeningView> eraseNote(UUID id) {
        return Screening.<Screening>findByIdOptional(id).map(s -> {
            if (s.noteErasedAt == null) {
                s.eraseNote(now());
            }
            return ScreeningView.from(s);
        });
    }
}
