package dev.bonafide.screening;

import dev.bonafide.classifier.NoteModels;
import dev.bonafide.config.BonafideConfig;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.engine.NoteFingerprint;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.engine.Screener;
import dev.bonafide.feedback.FeedbackService;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.rules.ActiveRuleset;
import dev.bonafide.rules.RuleView;
import dev.bonafide.rules.RulesetStore;
import dev.bonafide.security.ScoringShare;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Screens connection requests and keeps the screenings. */
@ApplicationScoped
public class ScreeningService {

    @Inject
    NoteModels models;

    @Inject
    Screener screener;

    @Inject
    ScoringShare share;

    @Inject
    ActiveRuleset rules;

    @Inject
    Clock clock;

    @Inject
    ScreeningMetrics metrics;

    @Inject
    RulesetStore rulesets;

    @Inject
    ScreeningStore store;

    @Inject
    Idempotency idempotency;

    @Inject
    GroupCommit writer;

    @Inject
    FeedbackService feedback;

    @Inject
    BonafideConfig config;

    /**
     * Scores the request and stores the screening; returns only once it is committed. With a
     * requester id, the requester's lock is held from counting the history to the commit.
     */
    public Idempotency.Outcome<ScreeningView> screen(ScreeningRequest request, String appId, String idempotencyKey) {
        return idempotency.run(
                "POST /api/v1/screenings by " + appId,
                idempotencyKey,
                request,
                claim -> screenOnce(request, appId, claim),
                stored -> find(UUID.fromString(stored.resourceId()), null)
                        .orElseThrow(() -> new IllegalStateException(
                                "Screening " + stored.resourceId() + " of a stored idempotency key is missing")));
    }

    private ScreeningView screenOnce(ScreeningRequest request, String appId, Idempotency.Claim claim) {
        Timer.Sample sample = metrics.start();
        ConnectionRequest connection = request.toEngine();
        // The request's facts and the rules that read only them, here on the caller's thread: the
        // writer only reads the history and runs the rules that need it.
        // Within the app's share of rule-evaluation CPU: a costly app waits for its own share.
        CompiledRuleset ruleset = inForce();
        GroupCommit.Pending pending = share.evaluate(
                appId,
                () -> new GroupCommit.Pending(
                        appId,
                        request,
                        connection,
                        NoteFingerprint.of(connection.message()),
                        ruleset,
                        claim,
                        screener.facts(connection, HistoryFacts.NONE, models.model(appId))));
        GroupCommit.Stored stored;
        try {
            stored = await(writer.submit(pending), pending);
        } catch (GroupCommit.Stopping e) {
            // Another instance takes it at once: the load balancer no longer sends here.
            throw Refusal.busy("The service is stopping; nothing was stored. Retry shortly.", 1);
        } catch (GroupCommit.Overloaded e) {
            throw Refusal.busy("Too many screenings are waiting to be stored; nothing was stored. Retry shortly.", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (pending.cancel()) {
                throw Refusal.busy(
                        "The service is stopping; nothing was stored. Retry shortly.", Refusal.RETRY_AFTER_SECONDS);
            }
            throw outcomeUnknown();
        } catch (ExecutionException e) {
            throw answer(e.getCause());
        }
        metrics.stored(sample, stored.assessment());
        return ScreeningView.from(stored.screening());
    }

    /**
     * Waits for the commit. A screening still queued when the wait ends is cancelled, and then
     * truly not stored; one a writer has taken is waited for until its transaction ends.
     */
    private GroupCommit.Stored await(CompletableFuture<GroupCommit.Stored> future, GroupCommit.Pending pending)
            throws InterruptedException, ExecutionException {
        try {
            return future.get(config.screening().queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (pending.cancel()) {
                throw Refusal.busy(
                        "The screening was not stored in time and nothing was stored; retry shortly.",
                        Refusal.RETRY_AFTER_SECONDS);
            }
        }
        try {
            return future.get(config.screening().commitWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw outcomeUnknown();
        }
    }

    /** What a writer's failure tells the caller. */
    private static RuntimeException answer(Throwable failure) {
        if (failure instanceof GroupCommit.OutcomeUnknown) {
            return outcomeUnknown();
        }
        if (failure instanceof GroupCommit.StoreFailed failed) {
            return failed.unreachable() ? Refusal.storeUnavailable() : Refusal.notStored("the screening");
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    private static Refusal outcomeUnknown() {
        return Refusal.outcomeUnknown("the screening");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Scores without storing anything: against the ruleset in force and, if given, a draft. The
     * history is that of the requester in the calling app: requester ids are each app's own.
     */
    public PreviewView preview(PreviewRequest preview, String appId) {
        CompiledRuleset inForce = inForce();
        ConnectionRequest request = preview.request().toEngine();
        HistoryFacts seen = request.requesterId() == null
                ? HistoryFacts.NONE
                : read(() -> store.history(
                        new ScreeningStore.Lookup(
                                appId,
                                request.requesterId(),
                                NoteFingerprint.of(request.message()),
                                request.recipientId()),
                        now()));
        return share.evaluate(
                appId, () -> assessBoth(preview, inForce, screener.facts(request, seen, models.model(appId))));
    }

    private PreviewView assessBoth(PreviewRequest preview, CompiledRuleset inForce, Facts facts) {
        PreviewView.Outcome draft = null;
        if (preview.draft() != null) {
            PreviewRequest.Draft d = preview.draft();
            Ruleset draftRuleset = new Ruleset(
                    0,
                    d.acceptThreshold() == null ? inForce.ruleset().acceptThreshold() : d.acceptThreshold(),
                    d.declineThreshold() == null ? inForce.ruleset().declineThreshold() : d.declineThreshold(),
                    d.rules().stream().map(RuleView::toRule).toList());
            draft = PreviewView.Outcome.of(rulesets.compile(draftRuleset).assess(facts), true);
        }
        return new PreviewView(PreviewView.Outcome.of(inForce.assess(facts), false), draft);
    }

    private CompiledRuleset inForce() {
        return rules.current().orElseThrow(Refusal::noRuleset);
    }

    /** Screenings newest first, after the cursor when there is one. */
    public ScreeningPage list(ScreeningStore.Filter filter, Cursor cursor, int limit) {
        // One row more than the page tells whether another page follows.
        List<Screening> rows = read(() -> store.page(
                filter, cursor == null ? null : new ScreeningStore.After(cursor.createdAt(), cursor.id()), limit + 1));
        boolean more = rows.size() > limit;
        List<Screening> page = more ? rows.subList(0, limit) : rows;
        return new ScreeningPage(
                page.stream().map(ScreeningView::from).toList(),
                more ? Cursor.after(page.get(page.size() - 1)).encode() : null);
    }

    /** A screening; with an app id, only when that app created it. */
    public Optional<ScreeningView> find(UUID id, String onlyOfApp) {
        return read(() -> store.find(id))
                .filter(s -> onlyOfApp == null || onlyOfApp.equals(s.appId))
                .map(ScreeningView::from)
                .map(view -> feedback.find(id, null).map(view::withFeedback).orElse(view));
    }

    /** Erases the note and headline of one screening now (an erasure request). */
    public Optional<ScreeningView> eraseNote(UUID id) {
        return read(() -> store.eraseNote(id, now())) ? find(id, null) : Optional.empty();
    }

    /** A read of the store. */
    private interface Read<T> {
        T run() throws SQLException;
    }

    /** Reads the store; a failure is the store's, answered as the database's failures are. */
    private static <T> T read(Read<T> read) {
        try {
            return read.run();
        } catch (SQLException e) {
            throw new IllegalStateException("The screening store could not be read", e);
        }
    }
}
