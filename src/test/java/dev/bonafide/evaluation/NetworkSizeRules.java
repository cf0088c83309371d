package dev.bonafide.evaluation;

import dev.bonafide.engine.Fact;
import dev.bonafide.engine.Rule;
import dev.bonafide.engine.Ruleset;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.parser.CelParser;
import dev.cel.parser.CelParserFactory;
import dev.cel.parser.CelStandardMacro;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Picks out of a ruleset the rules that judge a request by the requester's network size alone:
 * those whose {@code when} names {@code requesterNetworkSize} and otherwise only phrase facts of the
 * note (such as "and claims no shared history"). An account has no note, so no phrase is found and
 * the rules judge the size alone; a rule that reads whether there is a note at all ({@code hasNote})
 * judges more than the size and is left out. The facts a rule names are read from
 * its parsed CEL expression, not from its id or its text.
 */
public final class NetworkSizeRules {

    private static final Set<String> NETWORK_SIZE_FACTS = Set.of(Fact.REQUESTER_NETWORK_SIZE.factName());

    private static final CelParser PARSER = CelParserFactory.standardCelParserBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .build();

    private NetworkSizeRules() {}

    /** The ruleset with only its network-size rules, with the same version and thresholds. */
    public static Ruleset of(Ruleset ruleset) {
        return new Ruleset(
                ruleset.version(),
                ruleset.acceptThreshold(),
                ruleset.declineThreshold(),
                ruleset.rules().stream()
                        .filter(NetworkSizeRules::isNetworkSizeRule)
                        .toList());
    }

    /** Whether the rule names the network size and, besides it, only phrase facts of the note. */
    public static boolean isNetworkSizeRule(Rule rule) {
        Set<String> facts = factsNamedBy(rule.when());
        return facts.containsAll(NETWORK_SIZE_FACTS)
                && facts.stream().allMatch(name -> NETWORK_SIZE_FACTS.contains(name) || isNoteFact(name));
    }

    private static boolean isNoteFact(String name) {
        return Fact.byName(name)
                .map(fact -> fact.group() == Fact.Group.PHRASES && fact != Fact.HEADLINE_NETWORKER)
                .orElse(false);
    }

    /**
     * The facts an expression names, in alphabetical order.
     *
     * @throws IllegalArgumentException when the expression does not parse
     */
    public static Set<String> factsNamedBy(String when) {
        CelValidationResult parsed = PARSER.parse(when);
        if (parsed.hasError()) {
            throw new IllegalArgumentException("cannot parse '" + when + "': " + parsed.getErrorString());
        }
        try {
            return CelNavigableAst.fromAst(parsed.getAst())
                    .getRoot()
                    .allNodes()
                    .map(CelNavigableExpr::expr)
                    .filter(expr -> expr.getKind() == CelExpr.ExprKind.Kind.IDENT)
                    .map(expr -> expr.ident().name())
                    .filter(name -> Fact.byName(name).isPresent())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (dev.cel.common.CelValidationException e) {
            throw new IllegalArgumentException("cannot parse '" + when + "': " + e.getMessage(), e);
        }
    }
}
