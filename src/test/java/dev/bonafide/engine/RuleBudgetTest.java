package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cost budget of rules: hostile expressions are refused when written, with the place that costs
 * too much, or bounded when they run; either way a screening goes on.
 */
class RuleBudgetTest {

    private static final RulesetCompiler COMPILER = new RulesetCompiler();
    private static final FactExtractor EXTRACTOR = new FactExtractor(RulebookFiles.defaultPhrases());
    private static final String LONG_NOTE = "a".repeat(5_000);

    private static Rule rule(String id, String when) {
        return new Rule(id, null, when, -10, "Fired.", null, true);
    }

    private static Ruleset rulesetOf(Rule... rules) {
        return new Ruleset(1, 65, 35, List.of(rules));
    }

    /** Refused when written: each is an attack that ran out of memory or CPU before budgets existed. */
    static Stream<String> refused() {
        String concatenated = String.join(" + ", java.util.Collections.nCopies(64, "message"));
        String alternation = String.join("|", java.util.Collections.nCopies(300, "ab"));
        return Stream.of(
                // Nested counted repetition: RE2 copies the operand once per count.
                "message.matches(\"(a{1,1000}){1,1000}b\")",
                "message.matches(\"(a{1,100}){1,100}b\")",
                "message.matches(\"(a{1,30}){1,30}b\")",
                "message.matches(\"((a{2,9}){2,9}){2,9}\")",
                // A huge alternation, linear but with a large program on every character.
                "message.matches(\"" + alternation + "\")",
                // A pattern that is not known when the rule is written.
                "message.matches(message)",
                "headline.matches(message)",
                // Strings and lists grown inside comprehensions.
                "message.split(\"\").map(x, " + concatenated + ").size() > 0",
                "message.split(\"\").map(x, message).size() > 0",
                "message.split(\"\").map(x, message + x).exists(y, y == \"b\")",
                "message.split(\" \").join(message).size() > 0",
                // Loops inside loops.
                "message.split(\"\").exists(x, message.split(\"\").exists(y, x + y == \"zz\"))",
                "message.split(\"\").all(x, message.split(\"\").all(y, y != x) || true)",
                // Quadratic searches.
                "message.contains(message + message)",
                "message.split(\"\").exists(x, message.indexOf(x + x + x) > 4000)",
                // Deep nesting and long literals.
                "(".repeat(40) + "true" + ")".repeat(40),
                "message == \"" + "a".repeat(1_000) + "\"");
    }

    @ParameterizedTest
    @MethodSource("refused")
    void hostileRuleIsRefusedWhenWritten(String when) {
        List<RuleProblem> problems = COMPILER.check(rule("hostile", when));

        assertThat(problems).as(when).isNotEmpty();
        assertThat(problems).allSatisfy(p -> assertThat(p.field()).isEqualTo("when"));
    }

    @Test
    void refusalNamesThePartThatCostsTooMuchWithLineAndColumn() {
        List<RuleProblem> problems =
                COMPILER.check(rule("hostile", "hasNote &&\n  message.split(\"\").map(x, message).size() > 0"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("too");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isGreaterThan(1);
        });
    }

    @Test
    void nestedRepetitionIsRefusedBeforeItIsCompiled() {
        List<RuleProblem> problems = COMPILER.check(rule("hostile", "\"x\".matches(\"(a{1,1000}){1,1000}\")"));

        assertThat(problems)
                .singleElement()
                .satisfies(p ->
                        assertThat(p.message()).contains("regular expression").contains("instructions"));
    }

    @Test
    void invalidPatternIsRefusedWhenWritten() {
        assertThat(COMPILER.check(rule("bad", "message.matches(\"(unclosed\")")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("invalid regular expression"));
    }

    @Test
    void rulesetWhoseRulesTogetherCostTooMuchIsRefused() {
        // Each rule alone is within its budget; together they are not.
        Rule[] rules = new Rule[12];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = rule("scan-" + i, "message.matches(\"(b|c)[a-z]{1,20}" + i + "\")");
        }
        assertThat(COMPILER.check(rules[0])).isEmpty();

        assertThatThrownBy(() -> COMPILER.compile(rulesetOf(rules)))
                .isInstanceOfSatisfying(
                        RulesetCompilationException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p.field()).isEqualTo("rules")));
    }

    /** Allowed, because their cost grows no faster than the note: linear patterns and single loops. */
    static Stream<String> allowed() {
        return Stream.of(
                "message.matches(\"(x+x+)+y\")",
                "message.matches(\"[a-z]+@[a-z]+\\\\.com\")",
                "message.matches(\"(?i)buy now|cheap|discount\")",
                "message.split(\" \").exists(w, w == \"crypto\")",
                "message.split(\" \").filter(x, x == \"a\").size() > 100",
                "message.lowerAscii().contains(\"invest\")",
                "headline.split(\" \").map(w, w.upperAscii()).exists(w, w == \"CEO\")");
    }

    @ParameterizedTest
    @MethodSource("allowed")
    void linearRuleIsAllowedAndRunsOnTheLongestNote(String when) throws RulesetCompilationException {
        assertThat(COMPILER.check(rule("linear", when))).as(when).isEmpty();
        CompiledRuleset ruleset = COMPILER.compile(rulesetOf(rule("linear", when)));

        Assessment assessment = ruleset.assess(EXTRACTOR.extract(ConnectionRequest.fromStranger(LONG_NOTE, 0, 10)));

        assertThat(assessment.failedRules()).as(when).isEmpty();
    }

    @Test
    void matchesFindsThePatternAnywhereInTheText() throws RulesetCompilationException {
        CompiledRuleset ruleset = COMPILER.compile(rulesetOf(
                rule("anywhere", "message.matches(\"wor.d\")"),
                rule("anchored", "message.matches(\"^world\")"),
                rule("global-form", "matches(message, \"^hello\")")));

        Assessment a = ruleset.assess(EXTRACTOR.extract(ConnectionRequest.fromStranger("hello world", 0, 10)));

        assertThat(a.reasons()).extracting(Reason::ruleId).containsExactlyInAnyOrder("anywhere", "global-form");
    }

    @Test
    void ruleThatRunsOutOfTimeDoesNotFireAndIsReportedWhileOthersStillCount() throws RulesetCompilationException {
        AtomicLong now = new AtomicLong();
        // Every reading of the clock is a millisecond later: a 5 ms budget lasts five readings.
        RulesetCompiler compiler = new RulesetCompiler(
                () -> now.addAndGet(1_000_000), new CompiledRuleset.Budget(5_000_000, Long.MAX_VALUE));
        CompiledRuleset ruleset = compiler.compile(rulesetOf(
                rule("slow-scan", "message.split(\"\").exists(x, x == \"z\")"),
                rule("after-the-slow-one", "message.split(\" \").exists(w, w == \"a\")"),
                new Rule("plain", null, "hasNote", 5, "Has a note.", null, true)));

        Assessment a = ruleset.assess(EXTRACTOR.extract(ConnectionRequest.fromStranger(LONG_NOTE, 0, 10)));

        assertThat(a.failedRules()).containsExactly("slow-scan", "after-the-slow-one");
        assertThat(a.reasons()).extracting(Reason::ruleId).containsExactly("plain");
        assertThat(a.score()).isEqualTo(55);
    }

    @Test
    void ruleThatBuildsTooMuchDoesNotFire() throws RulesetCompilationException {
        RulesetCompiler compiler =
                new RulesetCompiler(System::nanoTime, new CompiledRuleset.Budget(Long.MAX_VALUE / 4, 20_000));
        CompiledRuleset ruleset =
                compiler.compile(rulesetOf(rule("builder", "message.split(\"\").map(x, x + x).size() > 0")));

        Assessment small = ruleset.assess(EXTRACTOR.extract(ConnectionRequest.fromStranger("abc", 0, 10)));
        Assessment large = ruleset.assess(EXTRACTOR.extract(ConnectionRequest.fromStranger(LONG_NOTE, 0, 10)));

        assertThat(small.failedRules()).isEmpty();
        assertThat(small.reasons()).extracting(Reason::ruleId).containsExactly("builder");
        assertThat(large.failedRules()).containsExactly("builder");
        assertThat(large.reasons()).isEmpty();
    }

    @Test
    void cheapRulesAreNotWatched() throws RulesetCompilationException {
        AtomicLong readings = new AtomicLong();
        RulesetCompiler compiler = new RulesetCompiler(readings::incrementAndGet, RulesetCompiler.DEFAULT_BUDGET);

        compiler.compile(RulebookFiles.defaultRuleset())
                .assess(EXTRACTOR.extract(ConnectionRequest.fromStranger(LONG_NOTE, 0, 10)));

        assertThat(readings).hasValue(0);
    }

    @Test
    void historyRulesRunInTheSecondPhaseAndScoreAsInOne() throws RulesetCompilationException {
        CompiledRuleset ruleset = COMPILER.compile(RulebookFiles.defaultRuleset());
        assertThat(ruleset.readsHistory()).isTrue();
        ConnectionRequest request = new ConnectionRequest("Hi, let's connect!", 0, 300, "req-1", null, "rec-1", false);
        HistoryFacts history = new HistoryFacts(25, 120, 9, 0.8, 6);

        Facts requestFacts = EXTRACTOR.extract(request);
        CompiledRuleset.Partial partial = ruleset.begin(requestFacts);
        Facts whole = requestFacts.withHistory(history);
        assertThat(whole.asMap()).isEqualTo(EXTRACTOR.extract(request, history).asMap());
        Assessment twoPhases = partial.finish(whole);
        Assessment onePhase = ruleset.assess(EXTRACTOR.extract(request, history));

        assertThat(twoPhases).isEqualTo(onePhase);
        assertThat(twoPhases.reasons())
                .extracting(Reason::ruleId)
                .contains("mass-sent-note", "request-burst", "often-declined");
        assertThatThrownBy(() -> partial.finish(EXTRACTOR.extract(request, history)))
                .isInstanceOf(IllegalStateException.class);
    }
}
