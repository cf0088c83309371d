package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compiler remembers the expressions it compiled: a ruleset compiled again compiles only what it
 * has not seen, and what it remembers scores as a fresh compilation would.
 */
class RememberedExpressionsTest {

    private static final Screener SCREENER = new Screener(RulebookFiles.defaultPhrases());

    private static Ruleset rulesetOf(Rule... rules) {
        return new Ruleset(1, 65, 35, List.of(rules));
    }

    private static List<String> fired(CompiledRuleset ruleset, String note) {
        return ruleset.assess(SCREENER.facts(ConnectionRequest.fromStranger(note, 0, 100))).reasons().stream()
                .map(Reason::ruleId)
                .toList();
    }

    @Test
    void theSameRulesetCompiledAgainCompilesNothingNew() throws Exception {
        RulesetCompiler compiler = new RulesetCompiler();
        CompiledRuleset first = compiler.compile(RulebookFiles.defaultRuleset());
        long remembered = compiler.rememberedExpressions();
        assertThat(remembered).isPositive();

        CompiledRuleset again = compiler.compile(RulebookFiles.defaultRuleset());

        assertThat(compiler.rememberedExpressions()).isEqualTo(remembered);
        String note = "Hi, I loved your profile picture! Check out my crypto group www.example.biz/join";
        assertThat(fired(again, note)).isEqualTo(fired(first, note)).isNotEmpty();
    }

    @Test
    void aRememberedPatternIsBoundToEachRulesetThatUsesIt() throws Exception {
        RulesetCompiler compiler = new RulesetCompiler();
        String when = "message.matches(\"(?i)free money\")";
        CompiledRuleset one = compiler.compile(rulesetOf(new Rule("money", null, when, -20, "Money.", null, true)));
        CompiledRuleset other = compiler.compile(rulesetOf(
                new Rule("greeting", null, "message.matches(\"(?i)hello\")", 5, "Greets.", null, true),
                new Rule("cash", null, when, -30, "Cash.", null, true)));

        assertThat(fired(one, "Get FREE money now")).containsExactly("money");
        assertThat(fired(other, "Hello, get free money now")).containsExactlyInAnyOrder("cash", "greeting");
        assertThat(fired(other, "Hello there")).containsExactly("greeting");
    }

    @Test
    void anExpressionThatFailsIsNotRememberedAndFailsAgain() {
        RulesetCompiler compiler = new RulesetCompiler();
        Ruleset broken = rulesetOf(new Rule("broken", null, "mutualConnections >", -5, "Broken.", null, true));
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> compiler.compile(broken))
                    .isInstanceOf(RulesetCompilationException.class)
                    .satisfies(e -> assertThat(((RulesetCompilationException) e).problems())
                            .singleElement()
                            .satisfies(p -> assertThat(p.line()).isEqualTo(1)));
        }
        assertThat(compiler.rememberedExpressions()).isZero();
    }
}
