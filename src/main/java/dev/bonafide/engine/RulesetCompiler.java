package dev.bonafide.engine;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelAbstractSyntaxTree;
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
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Validates a ruleset and compiles each rule's {@code when} into a CEL program, once. Every fact of
 * {@link Fact} is declared with its type, so a rule that names an unknown fact, or that is not a
 * boolean, fails here with its line and column. Immutable and thread-safe.
 *
 * <p>Limits that keep a hostile rule from stalling screening: {@value #MAX_EXPRESSION_LENGTH}
 * characters per expression, nesting depth {@value #MAX_NESTING_DEPTH}, at most
 * {@value #MAX_COMPREHENSION_ITERATIONS} iterations per comprehension, and regular expressions in
 * RE2 syntax (linear time), written as literals and compiled once with the ruleset.
 *
 * <p>Then a cost budget, enforced twice. When a rule is written, {@link RuleCost} estimates its
 * worst case on the longest note: a rule may cost {@value #MAX_RULE_COST} estimated nanoseconds and
 * build values of {@value #MAX_VALUE_SIZE} characters or elements, a ruleset
 * {@value #MAX_RULESET_COST}; a regular expression may compile to {@value #MAX_PATTERN_SIZE}
 * instructions. When a rule runs, rules that loop or match are watched by an
 * {@link EvaluationBudget} of {@link #DEFAULT_BUDGET} per phase of a screening.
 */
public final class RulesetCompiler {

    public static final int MAX_EXPRESSION_LENGTH = 1_000;
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_COMPREHENSION_ITERATIONS = 1_000;
    public static final int MAX_RULES = 200;
    public static final int MAX_EXPLANATION_LENGTH = 500;
    public static final int MAX_DESCRIPTION_LENGTH = 500;
    public static final int MAX_POINTS = 100;

    /** Estimated worst-case nanoseconds of one rule on a 5,000-character note. */
    public static final long MAX_RULE_COST = 5_000_000;
    /** Estimated worst-case nanoseconds of all the enabled rules of a ruleset. */
    public static final long MAX_RULESET_COST = 20_000_000;
    /** Largest string (characters) or list (elements, counting nested ones) a rule may build. */
    public static final long MAX_VALUE_SIZE = 100_000;
    /** Largest regular expression, in RE2 instructions as {@link RegexSize} counts them. */
    public static final long MAX_PATTERN_SIZE = 2_000;
    /** Rules estimated below this many nanoseconds, with no loop and no pattern, run unwatched. */
    static final long UNWATCHED_COST = 20_000;
    /** What one phase of a screening may spend on watched rules: 5 ms of CPU, a million value units. */
    public static final CompiledRuleset.Budget DEFAULT_BUDGET = new CompiledRuleset.Budget(5_000_000, 1_000_000);

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
        CelStringExtensions.Function.UPPER_ASCII
    };

    /**
     * Rule expressions compiled lately, up to this many characters of expression text in all (the
     * shipped ruleset's are about 1,500; a program's size grows with its expression's): a ruleset
     * compiled again (the stored one after the shipped one at start-up, a draft previewed or
     * backtested again, a new version that changes a few rules) compiles only the expressions it has
     * not seen. Compiling the shipped ruleset again takes 24 µs instead of 8 ms (EngineBenchmark).
     */
    static final long REMEMBERED_CHARACTERS = 64_000;

    /** What a short expression weighs at least, so that at most 1,000 are remembered. */
    private static final int MIN_WEIGHT = 64;

    private final CelCompiler compiler;
    private final CelRuntime runtime;
    /** Expressions that compiled, planned and passed the cost checks, by their text. */
    private final Cache<String, Checked> checked = CacheBuilder.newBuilder()
            .maximumWeight(REMEMBERED_CHARACTERS)
            .<String, Checked>weigher((when, compiled) -> Math.max(when.length(), MIN_WEIGHT))
            .build();

    private final LongSupplier ticker;
    private final CompiledRuleset.Budget budget;

    /** Budgets of {@link #DEFAULT_BUDGET}, timed in CPU time of the evaluating thread. */
    public RulesetCompiler() {
        this(cpuTime(), DEFAULT_BUDGET);
    }

    /**
     * @param ticker nanoseconds, read to time watched rules against the budget
     * @param budget what one phase of one screening may spend on watched rules
     */
    public RulesetCompiler(LongSupplier ticker, CompiledRuleset.Budget budget) {
        this.ticker = ticker;
        this.budget = budget;
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
        // matches() is bound per ruleset to its patterns, compiled once, instead of CEL compiling
        // the pattern at every call.
        this.runtime = CelRuntimeFactory.plannerRuntimeBuilder()
                .setOptions(options)
                .setStandardFunctions(CelStandardFunctions.newBuilder()
                        .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES)
                        .build())
                .addLateBoundFunctions("matches")
                .addLibraries(CelExtensions.strings(STRING_FUNCTIONS))
                .build();
    }

    /** CPU time of the current thread where the JVM measures it, else elapsed time. */
    private static LongSupplier cpuTime() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported()) {
            if (!threads.isThreadCpuTimeEnabled()) {
                threads.setThreadCpuTimeEnabled(true);
            }
            return threads::getCurrentThreadCpuTime;
        }
        return System::nanoTime;
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
        Map<String, com.google.re2j.Pattern> patterns = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < ruleset.rules().size(); i++) {
            Rule rule = ruleset.rules().get(i);
            String path = "rules[" + i + "]";
            if (rule.id() != null && !ids.add(rule.id())) {
                problems.add(RuleProblem.of(rule.id(), path + ".id", "duplicates the id of another rule"));
            }
            CompiledRuleset.CompiledRule compiled = compileRule(rule, path, problems, patterns);
            if (compiled != null && rule.enabled()) {
                enabled.add(compiled);
            }
        }
        long total = enabled.stream()
                .mapToLong(CompiledRuleset.CompiledRule::estimatedCost)
                .sum();
        if (total > MAX_RULESET_COST) {
            problems.add(RuleProblem.of(
                    null,
                    "rules",
                    "together may take about " + RuleCost.millis(total)
                            + " ms on a 5,000-character note (a ruleset may take " + RuleCost.millis(MAX_RULESET_COST)
                            + " ms): disable or simplify its costliest rules"));
        }
        if (!problems.isEmpty()) {
            throw new RulesetCompilationException(problems);
        }
        return new CompiledRuleset(ruleset, enabled, matchers(patterns), ticker, budget);
    }

    /** matches() over the ruleset's own patterns, with CEL's meaning: the pattern matches part of the text. */
    private static CelLateFunctionBindings matchers(Map<String, com.google.re2j.Pattern> patterns) {
        Map<String, com.google.re2j.Pattern> compiled = Map.copyOf(patterns);
        dev.cel.runtime.CelFunctionOverload.Binary<String, String> matches = (text, regex) -> {
            com.google.re2j.Pattern pattern = compiled.get(regex);
            if (pattern == null) {
                throw new IllegalStateException("a pattern that was not compiled with the ruleset");
            }
            return pattern.matcher(text).find();
        };
        return CelLateFunctionBindings.from(
                CelFunctionBinding.from("matches", String.class, String.class, matches),
                CelFunctionBinding.from("matches_string", String.class, String.class, matches));
    }

    /** How many compiled expressions are remembered now. */
    long rememberedExpressions() {
        return checked.size();
    }

    /** Checks one rule on its own, reporting its problems with paths relative to the rule ("when"). */
    public List<RuleProblem> check(Rule rule) {
        List<RuleProblem> problems = new ArrayList<>();
        compileRule(rule, "", problems, new HashMap<>());
        return problems;
    }

    private CompiledRuleset.CompiledRule compileRule(
            Rule rule, String path, List<RuleProblem> problems, Map<String, com.google.re2j.Pattern> patterns) {
        String prefix = path.isEmpty() ? "" : path + ".";
        String id = rule.id();
        int before = problems.size();
        if (id == null || id.isBlank()) {
            problems.add(RuleProblem.of(id, prefix + "id", "must not be blank"));
        } else if (id.length() > MAX_RULE_ID_LENGTH || !RULE_ID.matcher(id).matches()) {
            problems.add(RuleProblem.of(
                    id,
                    prefix + "id",
                    "must be a slug of lower-case letters, digits and single hyphens, at most " + MAX_RULE_ID_LENGTH
                            + " characters (such as large-network)"));
        }
        if (rule.description() != null && rule.description().length() > MAX_DESCRIPTION_LENGTH) {
            problems.add(
                    RuleProblem.of(id, prefix + "description", "at most " + MAX_DESCRIPTION_LENGTH + " characters"));
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
            problems.add(
                    RuleProblem.of(id, prefix + "explanation", "at most " + MAX_EXPLANATION_LENGTH + " characters"));
        } else {
            try {
                explanation = ExplanationTemplate.parse(rule.explanation());
            } catch (IllegalArgumentException e) {
                problems.add(RuleProblem.of(id, prefix + "explanation", e.getMessage()));
            }
        }
        Checked checked = compileExpression(id, prefix + "when", rule.when(), problems, patterns);
        if (problems.size() > before) {
            return null;
        }
        RuleCost.Result cost = checked.cost();
        boolean watched = cost.loops() || !cost.patterns().isEmpty() || cost.cost() > UNWATCHED_COST;
        boolean readsHistory = explanation.shows(Fact.Group.HISTORY)
                || cost.facts().stream()
                        .map(Fact::named)
                        .anyMatch(fact -> fact != null && fact.group() == Fact.Group.HISTORY);
        EnumSet<Fact> reads = EnumSet.noneOf(Fact.class);
        cost.facts().stream().map(Fact::named).filter(Objects::nonNull).forEach(reads::add);
        return new CompiledRuleset.CompiledRule(
                rule, checked.program(), explanation, cost.cost(), watched, readsHistory, reads);
    }

    /** A rule's program with its estimated cost. */
    private record Checked(CelRuntime.Program program, RuleCost.Result cost) {}

    private Checked compileExpression(
            String id,
            String field,
            String when,
            List<RuleProblem> problems,
            Map<String, com.google.re2j.Pattern> patterns) {
        if (when == null || when.isBlank()) {
            problems.add(RuleProblem.of(id, field, "must not be blank"));
            return null;
        }
        if (when.codePointCount(0, when.length()) > MAX_EXPRESSION_LENGTH) {
            problems.add(RuleProblem.of(id, field, "at most " + MAX_EXPRESSION_LENGTH + " characters"));
            return null;
        }
        Checked seen = checked.getIfPresent(when);
        if (seen != null) {
            // Its patterns are this ruleset's too: matches() is bound to each ruleset's own.
            for (String regex : seen.cost().patterns()) {
                if (!compilePattern(id, field, regex, problems, patterns)) {
                    return null;
                }
            }
            return seen;
        }
        CelValidationResult result = compiler.compile(when);
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) {
                int line = Math.max(issue.getSourceLocation().getLine(), 0);
                int column = issue.getSourceLocation().getColumn();
                problems.add(
                        new RuleProblem(id, field, describe(issue.getMessage()), line, column < 0 ? 0 : column + 1));
            }
            return null;
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (dev.cel.common.CelValidationException e) {
            problems.add(RuleProblem.of(id, field, "cannot be checked"));
            return null;
        }
        RuleCost.Result cost = RuleCost.estimate(ast, MAX_RULE_COST, MAX_VALUE_SIZE, MAX_COMPREHENSION_ITERATIONS);
        if (cost.excess() != null) {
            RuleCost.Excess excess = cost.excess();
            problems.add(new RuleProblem(id, field, excess.message(), excess.line(), excess.column()));
            return null;
        }
        for (String regex : cost.patterns()) {
            if (!compilePattern(id, field, regex, problems, patterns)) {
                return null;
            }
        }
        try {
            Checked compiled = new Checked(runtime.createProgram(ast), cost);
            checked.put(when, compiled);
            return compiled;
        } catch (CelEvaluationException e) {
            problems.add(RuleProblem.of(id, field, "cannot be planned"));
            return null;
        }
    }

    /** Sizes a pattern from its text first: compiling a huge one would itself be the attack. */
    private static boolean compilePattern(
            String id,
            String field,
            String regex,
            List<RuleProblem> problems,
            Map<String, com.google.re2j.Pattern> patterns) {
        if (patterns.containsKey(regex)) {
            return true;
        }
        long size = RegexSize.of(regex);
        if (size > MAX_PATTERN_SIZE) {
            problems.add(RuleProblem.of(
                    id,
                    field,
                    "has a regular expression of about " + String.format("%,d", size)
                            + " instructions (at most " + String.format("%,d", MAX_PATTERN_SIZE)
                            + "): counted repetition inside counted repetition multiplies"));
            return false;
        }
        try {
            patterns.put(regex, com.google.re2j.Pattern.compile(regex));
            return true;
        } catch (PatternSyntaxException e) {
            problems.add(
                    RuleProblem.of(id, field, "has an invalid regular expression (RE2 syntax): " + e.getDescription()));
            return false;
        }
    }

    /** CEL says "undeclared reference"; a rule author thinks in facts. */
    private static String describe(String celMessage) {
        return celMessage.replace("undeclared reference to", "unknown fact or function");
    }
}
