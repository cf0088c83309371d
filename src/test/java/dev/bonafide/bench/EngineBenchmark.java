package dev.bonafide.bench;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.engine.NoteClassifier;
import dev.bonafide.engine.RulebookFiles;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.engine.RulesetCompilationException;
import dev.bonafide.engine.RulesetCompiler;
import dev.bonafide.engine.Screener;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine per request against its floor. {@link #full} is what a screening costs in the engine:
 * the facts from the request and its note, every enabled default rule, the explanations, the score
 * and the verdict ({@link Screener#screen}). {@link #celFloor} evaluates the same compiled CEL
 * programs on facts computed beforehand and does nothing else ({@link CompiledRuleset#countFired}):
 * no engine can score these rules for less. {@link #facts} and {@link #assess} split the full cost
 * into its two halves. {@link #celOneResolver} is an experiment: the same programs, each given one
 * variable resolver over the facts instead of the facts' map, which CEL copies for every program.
 *
 * <p>The requests cycle through 512 made from the notes and headlines in
 * {@code src/test/resources/bench/} (the same ones the load test sends), with varied counts.
 * Run with {@code scripts/bench.sh Engine}; it prints the ratio full / floor. Results:
 * docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class EngineBenchmark {

    static final int REQUESTS = 512;

    private Screener screener;
    private RulesetCompiler compiler;
    private Ruleset shipped;
    private CompiledRuleset ruleset;
    private ConnectionRequest[] requests;
    private Facts[] facts;
    private CelRuntime.Program[] programs;
    private NoteClassifier classifier;
    private int next;

    @Setup
    public void prepare() throws Exception {
        screener = new Screener(RulebookFiles.defaultPhrases());
        compiler = new RulesetCompiler();
        shipped = RulebookFiles.defaultRuleset();
        ruleset = compiler.compile(shipped);
        requests = requests(REQUESTS, 42).toArray(ConnectionRequest[]::new);
        facts = new Facts[requests.length];
        for (int i = 0; i < requests.length; i++) {
            facts[i] = screener.facts(requests[i]);
        }
        programs = programsOf(ruleset);
        classifier = trainedOn(requests);
        for (int i = 0; i < requests.length; i++) {
            if (ruleset.countFired(facts[i]) != celOneResolver()) {
                throw new IllegalStateException("the experiment fires other rules than the engine for request " + i);
            }
        }
        next = 0;
    }

    /**
     * The compiled programs of the enabled rules (those of the request phase, then those of the
     * history phase), read by reflection: the engine does not expose them.
     */
    private static CelRuntime.Program[] programsOf(CompiledRuleset ruleset) throws ReflectiveOperationException {
        List<Object> compiled = new java.util.ArrayList<>();
        for (String phase : new String[] {"requestRules", "historyRules"}) {
            Field rules = CompiledRuleset.class.getDeclaredField(phase);
            rules.setAccessible(true);
            compiled.addAll(List.of((Object[]) rules.get(ruleset)));
        }
        CelRuntime.Program[] out = new CelRuntime.Program[compiled.size()];
        for (int i = 0; i < out.length; i++) {
            Method program = compiled.get(i).getClass().getDeclaredMethod("program");
            program.setAccessible(true);
            out[i] = (CelRuntime.Program) program.invoke(compiled.get(i));
        }
        return out;
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (REQUESTS - 1);
        return i;
    }

    /** The engine per request: facts, every rule, explanations, score and verdict. */
    @Benchmark
    public Assessment full() {
        return screener.screen(requests[nextIndex()], ruleset);
    }

    /** The compiled CEL programs alone, on facts computed beforehand: the floor. */
    @Benchmark
    public int celFloor() throws CelEvaluationException {
        return ruleset.countFired(facts[nextIndex()]);
    }

    /** Experiment: the same programs with one variable resolver over the facts, not a copy of them per program. */
    @Benchmark
    public int celOneResolver() throws CelEvaluationException {
        Map<String, Object> values = facts[nextIndex()].asMap();
        CelVariableResolver resolver = name -> Optional.ofNullable(values.get(name));
        int fired = 0;
        for (CelRuntime.Program program : programs) {
            if (Boolean.TRUE.equals(program.eval(resolver))) {
                fired++;
            }
        }
        return fired;
    }

    /**
     * The shipped ruleset compiled again by the compiler that compiled it (as the stored ruleset is
     * at start-up, after the shipped one): its expressions are remembered.
     */
    @Benchmark
    public CompiledRuleset compileAgain() throws RulesetCompilationException {
        return compiler.compile(shipped);
    }

    /** The facts of the request and its note alone. */
    @Benchmark
    public Facts facts() {
        return screener.facts(requests[nextIndex()]);
    }

    /**
     * The facts of the longest note a request may carry (5,000 characters: ordinary words, some
     * joined by slashes, no links): what reading a note costs as it grows.
     */
    @Benchmark
    public Facts factsLongestNote() {
        return screener.facts(LONGEST_NOTE);
    }

    /**
     * A longest note of hostile shape: 1,250 short tokens with a slash and no dot, each of which
     * makes the reader look for a host name before the slash.
     */
    @Benchmark
    public Facts factsSlashedNote() {
        return screener.facts(SLASHED_NOTE);
    }

    static final ConnectionRequest SLASHED_NOTE = ConnectionRequest.fromStranger("a/b ".repeat(1250), 3, 400);

    static final ConnectionRequest LONGEST_NOTE = ConnectionRequest.fromStranger(
            "We met at the meetup and/or the workshop on data pipelines, and I enjoyed your talk. "
                    .repeat(60)
                    .substring(0, 5000),
            3,
            400);

    /** The same facts with a trained note classifier's reading of the note: its cost is the difference. */
    @Benchmark
    public Facts factsWithClassifier() {
        return screener.facts(requests[nextIndex()], HistoryFacts.NONE, classifier);
    }

    /**
     * A classifier that learnt every request's note, alternately as inauthentic and genuine, plus
     * 100,000 other tokens: lookups in a model of a large app's size.
     */
    static NoteClassifier trainedOn(ConnectionRequest[] requests) {
        java.util.Map<String, long[]> counts = new java.util.HashMap<>();
        for (int i = 0; i < requests.length; i++) {
            for (String token : NoteClassifier.tokens(requests[i].message())) {
                counts.computeIfAbsent(token, t -> new long[2])[i % 2]++;
            }
        }
        for (int i = 0; i < 100_000; i++) {
            counts.put("token" + i, new long[] {i % 3, i % 5});
        }
        java.util.Map<String, NoteClassifier.TokenCounts> tokens = new java.util.HashMap<>();
        counts.forEach((token, c) -> tokens.put(token, new NoteClassifier.TokenCounts(c[0], c[1])));
        return new NoteClassifier(tokens, requests.length / 2, requests.length / 2, 200);
    }

    /** Every rule, explanations, score and verdict, on facts computed beforehand. */
    @Benchmark
    public Assessment assess() {
        return ruleset.assess(facts[nextIndex()]);
    }

    /**
     * Varied requests as the load test sends them: a note (or none), a headline (or none), mutual
     * connections mostly few, network sizes from a handful to tens of thousands, one in ten known.
     */
    static List<ConnectionRequest> requests(int count, long seed) {
        List<String> notes = lines("bench/notes.txt");
        List<String> headlines = lines("bench/headlines.txt");
        SplittableRandom random = new SplittableRandom(seed);
        List<ConnectionRequest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String note = notes.get(random.nextInt(notes.size()));
            String headline = headlines.get(random.nextInt(headlines.size()));
            long mutual = random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 3 : 40);
            long network = random.nextInt(10) == 0 ? 1000 + random.nextInt(40_000) : 20 + random.nextInt(980);
            out.add(new ConnectionRequest(
                    note,
                    mutual,
                    network,
                    "requester-" + random.nextInt(50_000),
                    headline,
                    "recipient-" + random.nextInt(200_000),
                    random.nextInt(10) == 0));
        }
        return out;
    }

    /** The lines of a bench resource without comments; {@code <none>} becomes null. */
    static List<String> lines(String resource) {
        InputStream in = EngineBenchmark.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the class path");
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                lines.add(line.equals("<none>") ? null : line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
