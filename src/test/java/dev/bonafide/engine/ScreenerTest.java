package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScreenerTest {

    private static Screener screener;
    private static CompiledRuleset defaults;
    private static final RulesetCompiler COMPILER = new RulesetCompiler();

    @BeforeAll
    static void compileDefaults() throws RulesetCompilationException {
        screener = new Screener(RulebookFiles.defaultPhrases());
        defaults = COMPILER.compile(RulebookFiles.defaultRuleset());
    }

    private static List<String> ruleIds(Assessment a) {
        return a.reasons().stream().map(Reason::ruleId).toList();
    }

    @Test
    void flatteringNoteFromLargeNetworkerIsDeclined() {
        Assessment a = screener.screen(
                new ConnectionRequest(
                        "Hi! I just couldn't resist the smile in your picture.",
                        1,
                        1200,
                        "req-1",
                        "Professional networker and connector",
                        "rec-1",
                        false),
                defaults);

        assertThat(a.verdict()).isEqualTo(Verdict.DECLINE);
        assertThat(ruleIds(a)).contains("large-network", "flatters-looks", "networker-headline");
        assertThat(a.reasons()).anySatisfy(r -> assertThat(r.explanation()).contains("1,200 connections"));
    }

    @Test
    void founderWhoKnowsTheWorkIsAccepted() {
        Assessment a = screener.screen(
                ConnectionRequest.fromStranger(
                        "Hello Eugene, I'm Ken Carroll, the founder of ChinesePod.com. I'm aware of your work on "
                                + "collaboration and admire it, and I'd like to connect to learn more.",
                        0,
                        300),
                defaults);

        assertThat(a.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(ruleIds(a)).contains("introduces-sender", "gives-reason", "knows-recipient-work");
    }

    @Test
    void knownContactWithoutNoteIsAccepted() {
        Assessment a = screener.screen(new ConnectionRequest(null, 0, 150, null, null, null, true), defaults);

        assertThat(a.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(ruleIds(a)).containsExactly("known-contact");
    }

    @Test
    void strangerWithoutNoteOrMutualsIsNotAccepted() {
        Assessment a = screener.screen(ConnectionRequest.fromStranger("   ", 0, 300), defaults);

        assertThat(a.verdict()).isNotEqualTo(Verdict.ACCEPT);
        assertThat(ruleIds(a)).contains("no-note-from-stranger", "no-mutual-connections");
    }

    @Test
    void reasonsAreOrderedByLargestEffectFirst() {
        Assessment a = screener.screen(
                new ConnectionRequest("Couldn't resist your smile", 1, 1200, null, "networker", null, false), defaults);

        List<Integer> effects =
                a.reasons().stream().map(r -> Math.abs(r.points())).toList();
        assertThat(effects).isSortedAccordingTo((x, y) -> Integer.compare(y, x));
        assertThat(a.score())
                .isEqualTo(Math.max(
                        0, 50 + a.reasons().stream().mapToInt(Reason::points).sum()));
    }

    @Test
    void declineOverrideBeatsAcceptOverride() throws RulesetCompilationException {
        CompiledRuleset rules = COMPILER.compile(new Ruleset(
                7,
                65,
                35,
                List.of(
                        new Rule("always-accept", null, "true", 50, "accept", Verdict.ACCEPT, true),
                        new Rule("links", null, "linkCount > 0", 0, "{linkCount} link(s)", Verdict.DECLINE, true))));

        Assessment a = screener.screen(ConnectionRequest.fromStranger("see https://x.example/a", 0, 10), rules);

        assertThat(a.verdict()).isEqualTo(Verdict.DECLINE);
        assertThat(a.score()).isEqualTo(100);
        assertThat(a.rulesetVersion()).isEqualTo(7);
        assertThat(a.reasons()).extracting(Reason::explanation).contains("1 link(s)");
    }

    @Test
    void scoreIsClampedAndThresholdsDecide() throws RulesetCompilationException {
        CompiledRuleset rules = COMPILER.compile(new Ruleset(
                1,
                65,
                35,
                List.of(
                        new Rule("big-minus", null, "true", -100, "minus", null, true),
                        new Rule("disabled", null, "true", 100, "never", null, false))));

        Assessment a = screener.screen(ConnectionRequest.fromStranger("hi", 0, 10), rules);

        assertThat(a.score()).isZero();
        assertThat(a.verdict()).isEqualTo(Verdict.DECLINE);
        assertThat(ruleIds(a)).containsExactly("big-minus");
    }

    @Test
    void ruleThatDoesNotCompileReportsLineAndColumn() {
        Ruleset broken = new Ruleset(
                2,
                65,
                35,
                List.of(
                        new Rule("ok", null, "hasNote", 5, "fine", null, true),
                        new Rule("broken", null, "hasNote &&\n  mutualConnections >", 5, "x", null, true)));

        assertThatThrownBy(() -> COMPILER.compile(broken))
                .isInstanceOfSatisfying(
                        RulesetCompilationException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.ruleId()).isEqualTo("broken");
                            assertThat(p.field()).isEqualTo("rules[1].when");
                            assertThat(p.line()).isEqualTo(2);
                            assertThat(p.column()).isPositive();
                        }));
    }

    @Test
    void unknownFactNonBooleanAndBadFieldsAreRejected() {
        Rule unknownFact = new Rule("a", null, "followers > 10", 5, "x", null, true);
        Rule notBoolean = new Rule("b", null, "mutualConnections + 1", 5, "x", null, true);
        Rule badPoints = new Rule("Bad Id", null, "true", 101, "{nonsense}", Verdict.REVIEW, true);

        assertThat(COMPILER.check(unknownFact))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("followers"));
        assertThat(COMPILER.check(notBoolean))
                .singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("when"));
        assertThat(COMPILER.check(badPoints))
                .extracting(RuleProblem::field)
                .containsExactlyInAnyOrder("id", "points", "action", "explanation");
    }

    @Test
    void overlongExpressionIsRejected() {
        String longWhen = "hasNote" + " || hasNote".repeat(200);
        assertThat(COMPILER.check(new Rule("long", null, longWhen, 5, "x", null, true)))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("1000"));
    }

    @Test
    void documentedExampleRulesCompile() {
        for (String when : List.of(
                "wordCount > 80 && !givesReason",
                "capsShare >= 0.6 && wordCount >= 3",
                "headline.lowerAscii().contains(\"growth hacker\") || headline.matches(\"(?i)\\\\bDM me\\\\b\")",
                "mutualConnections >= 10 && hasNote && !stockTemplate")) {
            assertThat(COMPILER.check(new Rule("example", null, when, 5, "x", null, true)))
                    .as(when)
                    .isEmpty();
        }
    }

    @Test
    void nestedComprehensionOverTheNoteIsRefusedWhenWritten() {
        assertThat(COMPILER.check(new Rule(
                        "quadratic",
                        null,
                        "message.split(' ').all(a, message.split(' ').all(b, a != b || true))",
                        -10,
                        "x",
                        null,
                        true)))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("too costly"));
    }

    @Test
    void deeplyNestedExpressionIsRejected() {
        String deep = "(".repeat(40) + "hasNote" + ")".repeat(40);
        assertThat(COMPILER.check(new Rule("deep", null, deep, 1, "x", null, true)))
                .isNotEmpty();
    }

    @Test
    void replaceIsNotAvailableToRules() {
        assertThat(COMPILER.check(
                        new Rule("blowup", null, "message.replace('a', message).size() > 0", 1, "x", null, true)))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("replace"));
    }

    @Test
    void regularExpressionsAreRe2() throws RulesetCompilationException {
        assertThat(COMPILER.check(new Rule("backref", null, "message.matches('(a)\\\\1')", 1, "x", null, true)))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("invalid regular expression"));
        CompiledRuleset rules = COMPILER.compile(new Ruleset(
                4, 65, 35, List.of(new Rule("re2", null, "message.matches('^(a|aa)+$')", 1, "linear", null, true))));

        Assessment a = screener.screen(ConnectionRequest.fromStranger("a".repeat(4_000), 0, 10), rules);

        assertThat(a.failedRules()).isEmpty();
        assertThat(ruleIds(a)).containsExactly("re2");
    }
}
