package dev.bonafide.engine;

import java.util.List;
import java.util.stream.Collectors;

/** A ruleset that cannot be put in force, with every problem found. */
public final class RulesetCompilationException extends Exception {

    private final transient List<RuleProblem> problems;

    public RulesetCompilationException(List<RuleProblem> problems) {
        super(problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
