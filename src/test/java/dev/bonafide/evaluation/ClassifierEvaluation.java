package dev.bonafide.evaluation;

import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.HistoryFacts;
import dev.bonafide.engine.NoteClassifier;
import dev.bonafide.engine.PhraseBook;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.engine.RulesetCompilationException;
import dev.bonafide.engine.RulesetCompiler;
import dev.bonafide.engine.Screener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The note classifier measured out of sample, in process: each labelled corpus is split in halves
 * by a fixed hash of the text (copies of a text fall in the same half), the classifier learns from
 * one half as feedback would teach it (spam as REPORTED, ham as ACCEPTED), and the default ruleset
 * is measured on the other half, before and after; then trained on one corpus and measured on the
 * other. The texts are notes from strangers, as in {@link Evaluation}.
 */
public final class ClassifierEvaluation {

    /** The minimum examples of each class, as the service's default. */
    static final int MIN_EXAMPLES = 200;

    /** One measurement: the classifier taught with one half, the ruleset measured on another. */
    public record Row(String trainedOn, String measuredOn, int examples, CorpusResult before, CorpusResult after) {}

    /** The two halves of a corpus. */
    public record Halves(List<Datasets.LabelledText> tuning, List<Datasets.LabelledText> test) {}

    private final Screener screener;
    private final CompiledRuleset compiled;

    public ClassifierEvaluation(Ruleset ruleset, PhraseBook phrases) throws RulesetCompilationException {
        this.screener = new Screener(phrases);
        this.compiled = new RulesetCompiler().compile(ruleset);
    }

    /** Splits by the CRC-32 of the text's UTF-8 bytes: even in the tuning half, odd in the test half. */
    public static Halves halves(List<Datasets.LabelledText> texts) {
        return halves(texts, 1);
    }

    /** Splits by the bit of the text's CRC-32 of this weight (1 for the halves, 2 for quarters of a half). */
    static Halves halves(List<Datasets.LabelledText> texts, int bit) {
        List<Datasets.LabelledText> tuning = new ArrayList<>();
        List<Datasets.LabelledText> test = new ArrayList<>();
        for (Datasets.LabelledText text : texts) {
            CRC32 crc = new CRC32();
            crc.update(text.text().getBytes(StandardCharsets.UTF_8));
            ((crc.getValue() & bit) == 0 ? tuning : test).add(text);
        }
        return new Halves(tuning, test);
    }

    /** What feedback on these texts would teach: spam REPORTED, ham ACCEPTED, texts without a word nothing. */
    public static NoteClassifier train(List<Datasets.LabelledText> examples) {
        long inauthentic = 0;
        long genuine = 0;
        for (Datasets.LabelledText example : examples) {
            if (!NoteClassifier.tokens(example.text()).isEmpty()) {
                if (Datasets.SPAM.equals(example.label())) {
                    inauthentic++;
                } else {
                    genuine++;
                }
            }
        }
        return new NoteClassifier(counts(examples), inauthentic, genuine, MIN_EXAMPLES);
    }

    /** Each token's counts in these texts: in how many spam and how many ham texts it appears. */
    static Map<String, NoteClassifier.TokenCounts> counts(List<Datasets.LabelledText> examples) {
        Map<String, long[]> counts = new HashMap<>();
        for (Datasets.LabelledText example : examples) {
            boolean spam = Datasets.SPAM.equals(example.label());
            for (String token : NoteClassifier.tokens(example.text())) {
                counts.computeIfAbsent(token, t -> new long[2])[spam ? 0 : 1]++;
            }
        }
        Map<String, NoteClassifier.TokenCounts> tokens = new HashMap<>();
        counts.forEach((token, c) -> tokens.put(token, new NoteClassifier.TokenCounts(c[0], c[1])));
        return tokens;
    }

    /** Screens each text as a stranger's note, with the classifier's reading of it. */
    public CorpusResult measure(String name, List<Datasets.LabelledText> texts, NoteClassifier classifier) {
        return measureInto(new CorpusResult(name), texts, classifier);
    }

    /** As {@link #measure}, adding to a result (folds pooled into one). */
    CorpusResult measureInto(CorpusResult result, List<Datasets.LabelledText> texts, NoteClassifier classifier) {
        for (Datasets.LabelledText text : texts) {
            ConnectionRequest request =
                    ConnectionRequest.fromStranger(text.text(), 0, Evaluation.STRANGER_NETWORK_SIZE);
            result.add(text.label(), compiled.assess(screener.facts(request, HistoryFacts.NONE, classifier)));
        }
        return result;
    }

    /** Within each corpus (tuning half to test half), then across (one corpus's tuning half to the other's test half). */
    public List<Row> run(Path datasets) throws IOException {
        Datasets.requirePresent(datasets);
        Halves youtube = halves(Datasets.youtube(datasets));
        Halves sms = halves(Datasets.sms(datasets));
        List<Row> rows = new ArrayList<>();
        // Tuning: one quarter of the corpus teaches, another measures; the test half is not looked at.
        Halves youtubeTuning = halves(youtube.tuning(), 2);
        Halves smsTuning = halves(sms.tuning(), 2);
        rows.add(row(
                "YouTube tuning quarter A", youtubeTuning.tuning(), "YouTube tuning quarter B", youtubeTuning.test()));
        rows.add(row("SMS tuning quarter A", smsTuning.tuning(), "SMS tuning quarter B", smsTuning.test()));
        rows.add(row("YouTube", youtube.tuning(), "YouTube", youtube.test()));
        rows.add(row("SMS", sms.tuning(), "SMS", sms.test()));
        rows.add(row("YouTube", youtube.tuning(), "SMS", sms.test()));
        rows.add(row("SMS", sms.tuning(), "YouTube", youtube.test()));
        return rows;
    }

    private Row row(
            String trainedOn,
            List<Datasets.LabelledText> training,
            String measuredOn,
            List<Datasets.LabelledText> test) {
        NoteClassifier classifier = train(training);
        return new Row(
                trainedOn.contains("quarter") ? trainedOn : trainedOn + " tuning half",
                measuredOn.contains("quarter") ? measuredOn : measuredOn + " test half",
                (int) (classifier.inauthenticExamples() + classifier.genuineExamples()),
                measure(measuredOn, test, NoteClassifier.EMPTY),
                measure(measuredOn, test, classifier));
    }

    /** Prints the table of docs/evaluation.md. */
    public static void print(List<Row> rows, java.io.PrintStream out) {
        out.println();
        out.println("## The note classifier, out of sample");
        out.println();
        out.println("Learnt from one half of a corpus (split by the CRC-32 of the text; spam taught as REPORTED, ham as"
                + " ACCEPTED), the default ruleset measured on a test half: untrained → trained.");
        out.println();
        out.println("| trained on | measured on (spam / ham) | notes learnt | spam not ACCEPTed | spam DECLINEd"
                + " | ham DECLINEd |");
        out.println("|---|---|---:|---:|---:|---:|");
        for (Row r : rows) {
            out.printf(
                    "| %s | %s (%d / %d) | %,d | %s → **%s** | %s → **%s** | %s → **%s** |%n",
                    r.trainedOn(),
                    r.measuredOn(),
                    r.after().spam(),
                    r.after().ham(),
                    r.examples(),
                    pct(r.before().spamNotAcceptedShare()),
                    pct(r.after().spamNotAcceptedShare()),
                    pct(r.before().spamDeclinedShare()),
                    pct(r.after().spamDeclinedShare()),
                    pct(r.before().hamDeclinedShare()),
                    pct(r.after().hamDeclinedShare()));
        }
    }

    private static String pct(double share) {
        return String.format("%.1f %%", share * 100);
    }
}
