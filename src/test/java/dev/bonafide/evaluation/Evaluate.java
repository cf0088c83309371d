package dev.bonafide.evaluation;

import dev.bonafide.engine.PhraseBook;
import dev.bonafide.engine.RulebookFiles;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.engine.RulesetCompilationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The evaluation command: measures a ruleset on the labelled datasets and prints the results.
 *
 * <pre>
 * Evaluate [DATASETS_DIR] [--ruleset FILE.yaml] [--phrases FILE.yaml]
 * </pre>
 *
 * DATASETS_DIR defaults to {@code ../shared/datasets}; the ruleset and phrase lists default to the
 * ones that ship with the service, so a draft of either can be measured before it is put in force.
 */
public final class Evaluate {

    private Evaluate() {}

    public static void main(String[] args) {
        int status = run(args, new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path datasets = Datasets.directory();
        Path rulesetFile = null;
        Path phrasesFile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--ruleset") || arg.equals("--phrases")) && i + 1 < args.length) {
                Path file = Path.of(args[++i]);
                if (arg.equals("--ruleset")) {
                    rulesetFile = file;
                } else {
                    phrasesFile = file;
                }
            } else if (arg.equals("-h") || arg.equals("--help")) {
                out.println("usage: Evaluate [DATASETS_DIR] [--ruleset FILE.yaml] [--phrases FILE.yaml]");
                return 0;
            } else if (!arg.startsWith("-")) {
                datasets = Path.of(arg);
            } else {
                err.println("unknown option " + arg
                        + "; usage: Evaluate [DATASETS_DIR] [--ruleset FILE.yaml] [--phrases FILE.yaml]");
                return 2;
            }
        }
        List<String> missing = Datasets.missing(datasets);
        if (!missing.isEmpty()) {
            err.println("evaluation not run: " + Datasets.guidance(datasets, missing));
            return 1;
        }
        try {
            Ruleset ruleset = rulesetFile == null ? RulebookFiles.defaultRuleset() : readRuleset(rulesetFile);
            PhraseBook phrases = phrasesFile == null ? RulebookFiles.defaultPhrases() : readPhrases(phrasesFile);
            Evaluation.Report report = new Evaluation(ruleset, phrases).run(datasets);
            String title = (rulesetFile == null ? "Default ruleset" : "Ruleset " + rulesetFile)
                    + (phrasesFile == null ? "" : " with phrases " + phrasesFile) + " on " + datasets;
            new ReportPrinter(out).print(report, title);
            ClassifierEvaluation.print(new ClassifierEvaluation(ruleset, phrases).run(datasets), out);
            return 0;
        } catch (IllegalStateException | IllegalArgumentException | IOException | java.io.UncheckedIOException e) {
            err.println("evaluation failed: " + e.getMessage());
            return 1;
        } catch (RulesetCompilationException e) {
            err.println("the ruleset does not compile: " + e.getMessage());
            return 1;
        }
    }

    private static Ruleset readRuleset(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return RulebookFiles.readRuleset(in, 0);
        }
    }

    private static PhraseBook readPhrases(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return RulebookFiles.readPhrases(in);
        }
    }
}
