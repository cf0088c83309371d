package dev.bonafide.backtest;

import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.Fact;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.Verdict;
import dev.bonafide.feedback.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The counts of one replay: each stored screening is scored again by the replayed ruleset from
 * the facts it saw, and compared with how it was scored. Confined to the backtest's thread.
 */
public final class Tally {

    /** Changed screenings listed in a result at most. */
    public static final int MAX_CHANGED = 50;

    private static final Verdict[] VERDICTS = Verdict.values();

    private final CompiledRuleset replayed;
    private final Set<Fact> needed;
    private final List<String> replayedRuleIds;
    private final long[] firedReplayed;
    private final Map<String, long[]> firedAsScored = new HashMap<>();
    private final long[][] transitions = new long[VERDICTS.length][VERDICTS.length];
    private final Map<Fact, long[]> missing = new EnumMap<>(Fact.class);
    private final long[] labels = new long[Outcome.values().length];
    private final Agreement asScored = new Agreement();
    private final Agreement replayedAgreement = new Agreement();
    private final List<BacktestResult.Changed> changed = new ArrayList<>();
    private long screenings;
    private long notReplayed;
    private long verdictChanged;
    private long scoreChanged;

    public Tally(CompiledRuleset replayed) {
        this.replayed = replayed;
        this.needed = replayed.factsRead();
        this.replayedRuleIds = replayed.enabledRuleIds();
        this.firedReplayed = new long[replayedRuleIds.size()];
    }

    /** Replays one stored screening and counts it. */
    public void add(BacktestStore.StoredScreening s) {
        screenings++;
        Facts.Restored restored = Facts.restore(s.facts(), s.message(), s.headline(), s.textsErased());
        if (!restored.missing().isEmpty()) {
            boolean lacks = false;
            for (Fact fact : restored.missing()) {
                if (needed.contains(fact)) {
                    missing.computeIfAbsent(fact, f -> new long[1])[0]++;
                    lacks = true;
                }
            }
            if (lacks) {
                notReplayed++;
                return;
            }
        }
        CompiledRuleset.Replay replay = replayed.replay(restored.facts());
        transitions[s.verdict().ordinal()][replay.verdict().ordinal()]++;
        boolean[] fired = replay.fired();
        for (int i = 0; i < fired.length; i++) {
            if (fired[i]) {
                firedReplayed[i]++;
            }
        }
        for (String ruleId : s.firedRuleIds()) {
            firedAsScored.computeIfAbsent(ruleId, id -> new long[1])[0]++;
        }
        if (replay.score() != s.score()) {
            scoreChanged++;
        }
        if (replay.verdict() != s.verdict()) {
            verdictChanged++;
            if (changed.size() < MAX_CHANGED) {
                changed.add(new BacktestResult.Changed(
                        s.id(),
                        s.appId(),
                        s.rulesetVersion(),
                        s.verdict(),
                        s.score(),
                        replay.verdict(),
                        replay.score()));
            }
        }
        if (s.outcome() != null) {
            labels[s.outcome().ordinal()]++;
            asScored.add(s.outcome(), s.verdict());
            replayedAgreement.add(s.outcome(), replay.verdict());
        }
    }

    /** Screenings counted so far. */
    public long screenings() {
        return screenings;
    }

    public BacktestResult result() {
        List<BacktestResult.Transition> table = new ArrayList<>();
        for (Verdict from : VERDICTS) {
            for (Verdict to : VERDICTS) {
                table.add(new BacktestResult.Transition(from, to, transitions[from.ordinal()][to.ordinal()]));
            }
        }
        Map<String, BacktestResult.RuleFired> rules = new LinkedHashMap<>();
        for (int i = 0; i < replayedRuleIds.size(); i++) {
            String id = replayedRuleIds.get(i);
            long[] asScoredCount = firedAsScored.get(id);
            rules.put(
                    id,
                    new BacktestResult.RuleFired(
                            id, asScoredCount == null ? 0 : asScoredCount[0], firedReplayed[i], true));
        }
        new TreeMap<>(firedAsScored)
                .forEach((id, count) -> rules.putIfAbsent(id, new BacktestResult.RuleFired(id, count[0], 0, false)));
        Map<String, Long> byFact = new LinkedHashMap<>();
        missing.forEach((fact, count) -> byFact.put(fact.factName(), count[0]));
        long reported = labels[Outcome.REPORTED.ordinal()];
        return new BacktestResult(
                screenings,
                screenings - notReplayed,
                new BacktestResult.NotReplayed(notReplayed, byFact),
                table,
                verdictChanged,
                scoreChanged,
                List.copyOf(rules.values()),
                new BacktestResult.FeedbackAgreement(
                        reported,
                        labels[Outcome.ACCEPTED.ordinal()],
                        labels[Outcome.IGNORED.ordinal()],
                        asScored.result(reported),
                        replayedAgreement.result(reported)),
                List.copyOf(changed));
    }

    /** One set of verdicts against the labels. */
    static final class Agreement {
        private long reportedNotAccepted;
        private long acceptedDeclined;
        private long acceptedNotAccepted;

        void add(Outcome outcome, Verdict verdict) {
            if (outcome == Outcome.REPORTED && verdict != Verdict.ACCEPT) {
                reportedNotAccepted++;
            } else if (outcome == Outcome.ACCEPTED && verdict != Verdict.ACCEPT) {
                acceptedNotAccepted++;
                if (verdict == Verdict.DECLINE) {
                    acceptedDeclined++;
                }
            }
        }

        BacktestResult.Agreement result(long reported) {
            long flagged = reportedNotAccepted + acceptedNotAccepted;
            return new BacktestResult.Agreement(
                    reportedNotAccepted,
                    acceptedDeclined,
                    acceptedNotAccepted,
                    flagged == 0 ? null : (double) reportedNotAccepted / flagged,
                    reported == 0 ? null : (double) reportedNotAccepted / reported);
        }
    }
}
