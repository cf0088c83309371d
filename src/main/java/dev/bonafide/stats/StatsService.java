package dev.bonafide.stats;

import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Verdict;
import dev.bonafide.feedback.Outcome;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.rules.RulesetStore;
import dev.bonafide.storage.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Statistics from the hourly counts: verdicts over time, outcomes per verdict, rules per version. */
@ApplicationScoped
public class StatsService {

    /** Buckets of a window. */
    public enum Bucket {
        HOUR(ChronoUnit.HOURS, Duration.ofDays(31)),
        DAY(ChronoUnit.DAYS, Duration.ofDays(366));

        final ChronoUnit unit;
        /** The longest window with this bucket: at most 744 hours or 366 days in one answer. */
        public final Duration longestWindow;

        Bucket(ChronoUnit unit, Duration longestWindow) {
            this.unit = unit;
            this.longestWindow = longestWindow;
        }
    }

    /** The most ruleset versions whose rules one answer lists (the newest in the window). */
    static final int MAX_VERSIONS = 20;

    @Inject
    StatsStore store;

    @Inject
    RulesetStore rulesets;

    /** Rounds the window out to whole buckets and checks its length. */
    public static StatsStore.Window window(Instant from, Instant to, Bucket bucket, String appId) {
        Instant start = from.truncatedTo(bucket.unit);
        Instant end = to.truncatedTo(bucket.unit);
        if (end.isBefore(to)) {
            end = end.plus(1, bucket.unit);
        }
        if (!start.isBefore(end)) {
            throw Refusal.invalidField("to", "must be after from");
        }
        if (Duration.between(start, end).compareTo(bucket.longestWindow) > 0) {
            throw Refusal.invalidField(
                    "to",
                    "is too far from from: at most " + bucket.longestWindow.toDays() + " days with bucket "
                            + bucket.name());
        }
        return new StatsStore.Window(start, end, appId);
    }

    public StatsView stats(StatsStore.Window window, Bucket bucket) {
        StatsStore.Counts counts;
        try {
            counts = store.counts(window);
        } catch (SQLException e) {
            if (SqlFailures.unreachable(e) || SqlFailures.retryable(e)) {
                throw Refusal.storeUnavailable();
            }
            throw new IllegalStateException("Statistics could not be read", e);
        }
        // Verdicts per bucket, every bucket of the window.
        TreeMap<Instant, long[]> buckets = new TreeMap<>();
        for (Instant t = window.from(); t.isBefore(window.to()); t = t.plus(1, bucket.unit)) {
            buckets.put(t, new long[3]);
        }
        long[] total = new long[3];
        Map<Long, Long> screeningsOfVersion = new HashMap<>();
        for (StatsStore.VerdictCount c : counts.verdicts()) {
            long[] b = buckets.floorEntry(c.hour()).getValue();
            b[c.verdict().ordinal()] += c.screenings();
            total[c.verdict().ordinal()] += c.screenings();
            screeningsOfVersion.merge(c.version(), c.screenings(), Long::sum);
        }
        List<StatsView.Bucket> bucketViews = new ArrayList<>(buckets.size());
        buckets.forEach((start, b) -> bucketViews.add(new StatsView.Bucket(start, sum(b), verdictCounts(b))));

        // Outcomes per verdict, and per version (for the rules' "when it did not fire").
        Map<Verdict, long[]> byVerdict = new EnumMap<>(Verdict.class);
        Map<Long, long[]> byVersion = new HashMap<>();
        for (StatsStore.OutcomeCount c : counts.outcomes()) {
            byVerdict.computeIfAbsent(c.verdict(), v -> new long[3])[c.outcome().ordinal()] += c.labels();
            byVersion.computeIfAbsent(c.version(), v -> new long[3])[c.outcome().ordinal()] += c.labels();
        }
        List<StatsView.VerdictOutcomes> verdicts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            verdicts.add(new StatsView.VerdictOutcomes(
                    v, total[v.ordinal()], outcomes(byVerdict.getOrDefault(v, new long[3]))));
        }

        // Rules per version, newest versions first, each version's rules in ruleset order.
        TreeSet<Long> versions = new TreeSet<>(screeningsOfVersion.keySet());
        Map<Long, Map<String, Long>> fired = new HashMap<>();
        for (StatsStore.RuleCount c : counts.rules()) {
            fired.computeIfAbsent(c.version(), v -> new HashMap<>()).merge(c.ruleId(), c.fired(), Long::sum);
        }
        Map<Long, Map<String, long[]>> firedOutcomes = new HashMap<>();
        for (StatsStore.RuleOutcomeCount c : counts.ruleOutcomes()) {
            firedOutcomes.computeIfAbsent(c.version(), v -> new HashMap<>())
                            .computeIfAbsent(c.ruleId(), r -> new long[3])[
                            c.outcome().ordinal()] +=
                    c.labels();
        }
        List<StatsView.RuleStats> rules = new ArrayList<>();
        int listed = 0;
        for (Long version : versions.descendingSet()) {
            if (listed++ == MAX_VERSIONS) {
                break;
            }
            long screenings = screeningsOfVersion.getOrDefault(version, 0L);
            Map<String, Rule> defined = new LinkedHashMap<>();
            rulesOf(version).forEach(rule -> defined.put(rule.id(), rule));
            TreeSet<String> ids =
                    new TreeSet<>(fired.getOrDefault(version, Map.of()).keySet());
            ids.removeAll(defined.keySet());
            List<String> order = new ArrayList<>(defined.keySet());
            order.addAll(ids);
            for (String id : order) {
                Rule rule = defined.get(id);
                long hits = fired.getOrDefault(version, Map.of()).getOrDefault(id, 0L);
                long[] when = firedOutcomes.getOrDefault(version, Map.of()).getOrDefault(id, new long[3]);
                long[] all = byVersion.getOrDefault(version, new long[3]);
                long[] whenNot = new long[3];
                for (int i = 0; i < 3; i++) {
                    whenNot[i] = Math.max(0, all[i] - when[i]);
                }
                int points = rule == null ? 0 : rule.points();
                Verdict action = rule == null ? null : rule.action();
                long labels = when[Outcome.ACCEPTED.ordinal()] + when[Outcome.REPORTED.ordinal()];
                rules.add(new StatsView.RuleStats(
                        id,
                        version,
                        points,
                        action,
                        hits,
                        screenings == 0 ? 0.0 : (double) hits / screenings,
                        outcomes(when),
                        outcomes(whenNot),
                        precision(points, action, when),
                        labels));
            }
        }
        return new StatsView(
                window.from(),
                window.to(),
                bucket.name(),
                window.appId(),
                sum(total),
                verdictCounts(total),
                bucketViews,
                verdicts,
                rules,
                Math.max(0, versions.size() - MAX_VERSIONS));
    }

    /**
     * A rule's precision against feedback: for a rule that speaks against the request (negative
     * points, or forcing DECLINE) the share of its labelled screenings that were REPORTED; for one
     * that speaks for it, the share ACCEPTED. Null without labels or without a direction.
     */
    static Double precision(int points, Verdict action, long[] whenFired) {
        long accepted = whenFired[Outcome.ACCEPTED.ordinal()];
        long reported = whenFired[Outcome.REPORTED.ordinal()];
        if (accepted + reported == 0) {
            return null;
        }
        boolean against = action == Verdict.DECLINE || (action == null && points < 0);
        boolean forIt = action == Verdict.ACCEPT || (action == null && points > 0);
        if (against) {
            return (double) reported / (accepted + reported);
        }
        if (forIt) {
            return (double) accepted / (accepted + reported);
        }
        return null;
    }

    private List<Rule> rulesOf(long version) {
        Optional<RulesetStore.StoredRuleset> stored = rulesets.load(version);
        return stored.map(s -> s.ruleset().rules()).orElse(List.of());
    }

    private static long sum(long[] counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    private static StatsView.VerdictCounts verdictCounts(long[] c) {
        return new StatsView.VerdictCounts(
                c[Verdict.ACCEPT.ordinal()], c[Verdict.REVIEW.ordinal()], c[Verdict.DECLINE.ordinal()]);
    }

    private static StatsView.Outcomes outcomes(long[] c) {
        return new StatsView.Outcomes(
                c[Outcome.ACCEPTED.ordinal()], c[Outcome.IGNORED.ordinal()], c[Outcome.REPORTED.ordinal()]);
    }
}
