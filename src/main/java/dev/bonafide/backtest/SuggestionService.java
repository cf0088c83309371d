package dev.bonafide.backtest;

import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.Fact;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.PointsFit;
import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.feedback.Outcome;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.rules.ActiveRuleset;
import dev.bonafide.rules.RuleView;
import dev.bonafide.rules.RulesetStore;
import dev.bonafide.screening.PreviewRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;

/**
 * Suggests points for the rules in force from the labelled screenings of a window: each labelled
 * screening is replayed with the ruleset in force to learn which rules fire on it, the points are
 * fitted ({@link PointsFit}) on four fifths of them, and the fifth held out is scored with both
 * sets of points. The draft is backtested on the whole window. Nothing is applied.
 */
@ApplicationScoped
public class SuggestionService {

    /** Labelled screenings read at most; the rest of the window is left out. */
    static final int MAX_LABELLED = 200_000;
    /**
     * A rule that fires on at least this share of the labelled screenings cannot be told apart from
     * the traffic's base rate: its change says so.
     */
    static final double NEARLY_ALL = 0.9;

    /** One labelled screening in this many is held out of the fit, chosen by its id. */
    static final int HELD_OUT_ONE_IN = 5;

    @Inject
    BacktestStore store;

    @Inject
    BacktestService backtests;

    @Inject
    ActiveRuleset active;

    @Inject
    RulesetStore rulesets;

    @Inject
    Clock clock;

    /** A labelled screening held out, with the facts to score it again. */
    private record Held(Facts facts, boolean accepted) {}

    /** One suggestion at a time on each instance: each reads and replays up to {@link #MAX_LABELLED} screenings. */
    private final Semaphore oneAtATime = new Semaphore(1);

    public Idempotency.Outcome<Suggestion> suggest(SuggestionRequest request, String author, String idempotencyKey) {
        if (!oneAtATime.tryAcquire()) {
            throw Refusal.busy(
                    "Another suggestion is being fitted on this instance; retry after the Retry-After seconds.",
                    Refusal.RETRY_AFTER_SECONDS);
        }
        try {
            return suggestOnce(request, author, idempotencyKey);
        } finally {
            oneAtATime.release();
        }
    }

    private Idempotency.Outcome<Suggestion> suggestOnce(
            SuggestionRequest request, String author, String idempotencyKey) {
        Instant to = request.to() == null ? clock.instant() : request.to();
        Instant from = request.from() == null ? to.minus(BacktestService.DEFAULT_WINDOW) : request.from();
        if (!from.isBefore(to)) {
            throw Refusal.invalidField("from", "must be before to");
        }
        int spread = request.spread() == null ? SuggestionRequest.DEFAULT_SPREAD : request.spread();
        CompiledRuleset inForce = active.current().orElseThrow(Refusal::noRuleset);
        Ruleset ruleset = inForce.ruleset();
        List<String> ids = inForce.enabledRuleIds();
        Map<String, Rule> byId = new HashMap<>();
        ruleset.rules().forEach(rule -> byId.put(rule.id(), rule));
        Set<Fact> needed = inForce.factsRead();

        PointsFit fit = new PointsFit(ids.size());
        List<Held> heldOut = new ArrayList<>();
        long[] counts = new long[4]; // reported, accepted, fitted on, not replayed
        try {
            store.labelled(new BacktestStore.Traffic(from, to, request.appId()), s -> {
                boolean accepted = s.outcome() == Outcome.ACCEPTED;
                counts[accepted ? 1 : 0]++;
                Facts.Restored restored = Facts.restore(s.facts(), s.message(), s.headline(), s.textsErased());
                if (restored.missing().stream().anyMatch(needed::contains)) {
                    counts[3]++;
                } else if (heldOut(s.id())) {
                    heldOut.add(new Held(restored.facts(), accepted));
                } else {
                    fit.add(inForce.replay(restored.facts()).fired(), accepted);
                    counts[2]++;
                }
                return counts[0] + counts[1] < MAX_LABELLED;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("The labelled screenings could not be read", e);
        }

        int[] current = ids.stream().mapToInt(id -> byId.get(id).points()).toArray();
        PointsFit.Result fitted = fit.fit(current, ruleset.acceptThreshold(), ruleset.declineThreshold(), spread);
        Map<String, Integer> suggested = new HashMap<>();
        List<Suggestion.Change> changes = new ArrayList<>();
        for (int j = 0; j < ids.size(); j++) {
            int points = (int) Math.max(-100, Math.min(100, Math.round(fitted.points()[j])));
            if (points == current[j]) {
                continue;
            }
            suggested.put(ids.get(j), points);
            changes.add(change(ids.get(j), current[j], points, fitted, j, counts[2]));
        }
        changes.sort(Comparator.comparingInt((Suggestion.Change c) -> -Math.abs(c.newPoints() - c.oldPoints()))
                .thenComparing(Suggestion.Change::ruleId));

        List<RuleView> rules = ruleset.rules().stream()
                .map(rule -> RuleView.from(
                        suggested.containsKey(rule.id())
                                ? new Rule(
                                        rule.id(),
                                        rule.description(),
                                        rule.when(),
                                        suggested.get(rule.id()),
                                        rule.explanation(),
                                        rule.action(),
                                        rule.enabled())
                                : rule))
                .toList();
        PreviewRequest.Draft draft =
                new PreviewRequest.Draft(ruleset.acceptThreshold(), ruleset.declineThreshold(), rules);
        CompiledRuleset drafted = rulesets.compile(new Ruleset(
                0,
                ruleset.acceptThreshold(),
                ruleset.declineThreshold(),
                rules.stream().map(RuleView::toRule).toList()));
        Tally.Agreement before = new Tally.Agreement();
        Tally.Agreement after = new Tally.Agreement();
        long heldReported = 0;
        for (Held held : heldOut) {
            Outcome outcome = held.accepted() ? Outcome.ACCEPTED : Outcome.REPORTED;
            heldReported += held.accepted() ? 0 : 1;
            before.add(outcome, inForce.replay(held.facts()).verdict());
            after.add(outcome, drafted.replay(held.facts()).verdict());
        }

        BacktestView backtest = null;
        String notStarted = null;
        boolean replayed = false;
        try {
            Idempotency.Outcome<BacktestView> started = backtests.start(
                    new BacktestRequest(draft, null, from, to, request.appId(), null), author, idempotencyKey);
            backtest = started.value();
            replayed = started.replayed();
        } catch (Refusal refusal) {
            if (refusal.kind() != Refusal.Kind.BUSY) {
                throw refusal;
            }
            notStarted = refusal.getMessage();
        }
        return new Idempotency.Outcome<>(
                new Suggestion(
                        inForce.version(),
                        from,
                        to,
                        new Suggestion.Labels(counts[0], counts[1], counts[2], heldOut.size(), counts[3]),
                        PointsFit.pointsPerLogOdds(ruleset.acceptThreshold(), ruleset.declineThreshold()),
                        spread,
                        changes,
                        draft,
                        new Suggestion.HeldOut(before.result(heldReported), after.result(heldReported)),
                        backtest,
                        notStarted),
                replayed);
    }

    private static Suggestion.Change change(
            String id, int oldPoints, int newPoints, PointsFit.Result fitted, int j, long fittedOn) {
        long reported = fitted.firedReported()[j];
        long accepted = fitted.firedAccepted()[j];
        long fired = reported + accepted;
        String share = fired == 0 ? "" : " (" + Math.round(100.0 * reported / fired) + "% REPORTED)";
        String baseRate = fittedOn > 0 && fired >= NEARLY_ALL * fittedOn
                ? " It fired on " + Math.round(100.0 * fired / fittedOn) + "% of them, so its points stand for"
                        + " the share of this traffic that was genuine, not for what the rule says: read before"
                        + " applying."
                : "";
        return new Suggestion.Change(
                id,
                oldPoints,
                newPoints,
                reported,
                accepted,
                "Fired on " + reported + " REPORTED and " + accepted + " ACCEPTED of the " + fittedOn
                        + " screenings fitted on" + share + ": " + oldPoints + " -> " + newPoints + "." + baseRate);
    }

    /** For tests: the id of a screening that the fit holds out. */
    static boolean heldOut(UUID id) {
        return Math.floorMod(id.hashCode(), HELD_OUT_ONE_IN) == 0;
    }
}
