package dev.bonafide.engine;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a ruleset and compiles each rule's {@code when} into a CEL program, once. Every fact of
 * {@link Fact} is declared with its type, so a rule that names an unknown fact, or that is not a
 * boolean, fails here with its line and column. Immutable and thread-safe.
 *
 * <p>Limits that keep a hostile rule from stalling screening: {@value #MAX_EXPRESSION_LENGTH}
 * characters per expression, nesting depth {@value #MAX_NESTING_DEPTH}, at most
 * {@value #MAX_COMPREHENSION_ITERATIONS} iterations per comprehension, and regular expressions in
 * RE2 syntax (linear time).
 */
public final class RulesetCompiler {

    public static final int MAX_EXPRESSION_LENGTH = 1_000;
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_COMPREHENSION_ITERATIONS = 1_000;
    public static final int MAX_RULES = 200;
    public static final int MAX_EXPLANATION_LENGTH = 500;
    public static final int MAX_DESCRIPTION_LENGTH = 500;
    public static final int MAX_POINTS = 100;

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_RULE_ID_LENGTH = 64;

    /**
     * The string functions a rule may call. {@code replace} is left out: replacing every character of
     * a 5,000-character note with the note itself builds 25 million characters per evaluation.
     */
    private static final CelStringExtensions.Function[] STRING_FUNCTIONS = {
            CelStringExtensions.Function.CHAR_AT, CelStringExtensions.Function.INDEX_OF,
            CelStringExtensions.Function.JOIN, CelStringExtensions.Function.LAST_INDEX_OF,
            CelStringExtensions.Function.LOWER_ASCII, CelStringExtensions.Function.QUOTE,
            CelStringExtensions.Function.REVERSE, CelStringExtensions.Function.SPLIT,
            CelStringExtensions.Function.SUBSTRING, CelStringExtensions.Function.TRIM,
            CelStringExtensions.Function.UPPER_ASCII};

    private final CelCompiler compiler;
    private final CelRuntime runtime;

    public RulesetCompiler() {
        CelOptions options = CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
                .maxParseRecursionDepth(MAX_NESTING_DEPTH)
                .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                .build();
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.strings(STRING_FUNCTIONS))
                .setResultType(SimpleType.BOOL);
        for (Fact fact : Fact.values()) {
            builder.addVar(fact.factName(), fact.type().celType());
        }
        this.compiler = builder.build();
        this.runtime = CelRuntimeFactory.plannerRuntimeBuilder()
                .setOptions(options)
                .addLibraries(CelExtensions.strings(STRING_FUNCTIONS))
                .build();
    }

    /**
     * Compiles a whole ruleset.
     *
     * @throws RulesetCompilationException with every problem of every rule, when any rule or
     *     threshold is invalid
     */
    public CompiledRuleset compile(Ruleset ruleset) throws RulesetCompilationException {
        List<RuleProblem> problems = new ArrayList<>();
        if (ruleset.acceptThreshold() < 0 || ruleset.acceptThreshold() > 100) {
            problems.add(RuleProblem.of(null, "acceptThreshold", "must be between 0 and 100"));
        }
        if (ruleset.declineThreshold() < 0 || ruleset.declineThreshold() > 100) {
            problems.add(RuleProblem.of(null, "declineThreshold", "must be between 0 and 100"));
        }
        if (ruleset.declineThreshold() > ruleset.acceptThreshold()) {
            problems.add(RuleProblem.of(null, "declineThreshold", "must not be above acceptThreshold"));
        }
        if (ruleset.rules().size() > MAX_RULES) {
            problems.add(RuleProblem.of(null, "rules", "at most " + MAX_RULES + " rules"));
        }
        List<CompiledRuleset.CompiledRule> enabled = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < ruleset.rules().size(); i++) {
            Rule rule = ruleset.rules().get(i);
            String path = "rules[" + i + "]";
            if (rule.id() != null && !ids.add(rule.id())) {
                problems.add(RuleProblem.of(rule.id(), path + ".id", "duplicates the id of another rule"));
            }
            CompiledRuleset.CompiledRule compiled = compileRule(rule, path, problems);
            if (compiled != null && rule.enabled()) {
                enabled.add(compiled);
            }
        }
        if (!problems.isEmpty()) {
            throw new RulesetCompilationException(problems);
        }
        return new CompiledRuleset(ruleset, enabled);
    }

    /** Checks one rule on its own, reporting its problems with paths relative to the rule ("when"). */
    public List<RuleProblem> check(Rule rule) {
        List<RuleProblem> problems = new ArrayList<>();
        compileRule(rule, "", problems);
        return problems;
    }

    private CompiledRuleset.CompiledRule compileRule(Rule rule, String path, List<RuleProblem> problems) {
        String prefix = path.isEmpty() ? "" : path + ".";
        String id = rule.id();
        int before = problems.size();
        if (id == null || id.isBlank()) {
            problems.add(RuleProblem.of(id, prefix + "id", "must not be blank"));
        } else if (id.length() > MAX_RULE_ID_LENGTH || !RULE_ID.matcher(id).matches()) {
            problems.add(RuleProblem.of(id, prefix + "id",
                    "must be a slug of lower-case letters, digits and single hyphens, at most "
                            + MAX_RULE_ID_LENGTH + " characters (such as large-network)"));
        }
        if (rule.description() != null && rule.description().length() > MAX_DESCRIPTION_LENGTH) {
            problems.add(RuleProblem.of(id, prefix + "description", "at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
        if (rule.points() < -MAX_POINTS || rule.points() > MAX_POINTS) {
            problems.add(RuleProblem.of(id, prefix + "points", "must be between -100 and 100"));
        }
        if (rule.action() == Verdict.REVIEW) {
            problems.add(RuleProblem.of(id, prefix + "action", "must be ACCEPT or DECLINE, or absent"));
        }
        ExplanationTemplate explanation = null;
        if (rule.explanation() == null || rule.explanation().isBlank()) {
            problems.add(RuleProblem.of(id, prefix + "explanation", "must not be blank"));
        } else if (rule.explanation().length() > MAX_EXPLANATION_LENGTH) {
            problems.add(RuleProblem.of(id, prefix + "explanation", "at most " + MAX_EXPLANATION_LENGTH + " characters"));
        } else {
            try {
                explanation = ExplanationTemplate.parse(rule.explanation());
            } catch (IllegalArgumentException e) {
                problems.add(RuleProblem.of(id, prefix + "explanation", e.getMessage()));
            }
        }
        CelRuntime.Program program = compileExpression(id, prefix + "when", rule.when(), problems);
        if (problems.size() > before) {
            return null;
        }
        return new CompiledRuleset.CompiledRule(rule, program, explanation);
    }

    private CelRuntime.Program compileExpression(String id, String field, String when, List<RuleProblem> problems) {
        if (when == null || when.isBlank()) {
            problems.add(RuleProblem.of(id, field, "must not be blank"));
            return null;
        }
        if (when.codePointCount(0, when.length()) > MAX_EXPRESSION_LENGTH) {
            problems.add(RuleProblem.of(id, field, "at most " + MAX_EXPRESSION_LENGTH + " characters"));
            return null;
        }
        CelValidationResult result = compiler.compile(when);
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) {
                int line = Math.max(issue.getSourceLocation().getLine(), 0);
                int column = issue.getSourceLocation().getColumn();
                problems.add(new RuleProblem(id, field, describe(issue.getMessage()), line, column < 0 ? 0 : column + 1));
            }
            return null;
        }
        try {
            return runtime.createProgram(result.getAst());
        } catch (CelEvaluationException | dev.cel.common.CelValidationException e) {
            problems.add(RuleProblem.of(id, field, "cannot be planned: " + e.getMessage()));
            return null;
        }
    }

    /** CEL says "undeclared reference"; a rule author thinks in facts. */
    private static String describe(String celMessage) {
        return celMessage.replace("undeclared reference to", "unknown fact or function");
    }
}
