package dev.bonafide.evaluation;

import dev.bonafide.engine.NoteClassifier;
import dev.bonafide.engine.PhraseBook;
import dev.bonafide.engine.RulebookFiles;
import dev.bonafide.engine.Ruleset;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures the classifier's bands on the tuning halves by leaving one text out: each distinct text
 * of a tuning half (with its copies) is screened by a classifier taught by all the others. Four
 * folds teach from three quarters of a tuning half; this teaches from all of it but one text, as
 * many notes as the test half's classifier learns from, so it shows what a classifier of that size
 * does. The test halves are not read.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.mainClass=dev.bonafide.evaluation.ClassifierLeaveOneOut
 * </pre>
 */
public final class ClassifierLeaveOneOut {

    private ClassifierLeaveOneOut() {}

    public static void main(String[] args) throws Exception {
        Path datasets = args.length > 0 ? Path.of(args[0]) : Datasets.directory();
        Datasets.requirePresent(datasets);
        PhraseBook phrases = RulebookFiles.defaultPhrases();
        Ruleset base = RulebookFiles.defaultRuleset();
        Map<String, List<Datasets.LabelledText>> corpora = ClassifierTuning.tuningHalves(datasets);
        String strong = "classifierTrained && noteInauthenticProbability >= ";
        String weak = "classifierTrained && noteInauthenticProbability >= 0.8 && noteInauthenticProbability < ";
        List<ClassifierTuning.Variant> variants = new ArrayList<>();
        for (String threshold : new String[] {"0.99", "0.999", "0.9999", "0.99999"}) {
            variants.add(new ClassifierTuning.Variant(
                    NoteClassifier.Reading.DEFAULT, strong + threshold, -20, weak + threshold, -10));
        }
        variants.add(new ClassifierTuning.Variant(
                NoteClassifier.Reading.DEFAULT, strong + "0.999", -10, weak + "0.999", -10));
        for (ClassifierTuning.Variant v : variants) {
            StringBuilder line = new StringBuilder(v.toString());
            ClassifierEvaluation evaluation = new ClassifierEvaluation(ClassifierTuning.withBands(base, v), phrases);
            for (Map.Entry<String, List<Datasets.LabelledText>> corpus : corpora.entrySet()) {
                CorpusResult pooled = measure(evaluation, corpus.getKey(), corpus.getValue(), v.reading());
                line.append(ClassifierTuning.declined(corpus.getKey(), pooled));
            }
            System.out.println(line);
        }
    }

    /** Every distinct text screened by the classifier of all the others. */
    static CorpusResult measure(
            ClassifierEvaluation evaluation,
            String name,
            List<Datasets.LabelledText> texts,
            NoteClassifier.Reading reading) {
        NoteClassifier all = ClassifierEvaluation.train(texts);
        Map<String, NoteClassifier.TokenCounts> counts = ClassifierEvaluation.counts(texts);
        Map<Datasets.LabelledText, List<Datasets.LabelledText>> copies = new LinkedHashMap<>();
        for (Datasets.LabelledText text : texts) {
            copies.computeIfAbsent(text, t -> new ArrayList<>()).add(text);
        }
        CorpusResult result = new CorpusResult(name);
        for (Map.Entry<Datasets.LabelledText, List<Datasets.LabelledText>> group : copies.entrySet()) {
            Set<String> tokens = NoteClassifier.tokens(group.getKey().text());
            boolean spam = Datasets.SPAM.equals(group.getKey().label());
            long left = tokens.isEmpty() ? 0 : group.getValue().size();
            NoteClassifier others = new NoteClassifier(
                            new Without(counts, tokens, spam, left),
                            all.inauthenticExamples() - (spam ? left : 0),
                            all.genuineExamples() - (spam ? 0 : left),
                            ClassifierEvaluation.MIN_EXAMPLES)
                    .withReading(reading);
            evaluation.measureInto(result, group.getValue(), others);
        }
        return result;
    }

    /** The counts of all texts less one text's copies: only {@code get} is read by the classifier. */
    private static final class Without extends AbstractMap<String, NoteClassifier.TokenCounts> {
        private final Map<String, NoteClassifier.TokenCounts> all;
        private final Set<String> tokens;
        private final boolean spam;
        private final long copies;

        Without(Map<String, NoteClassifier.TokenCounts> all, Set<String> tokens, boolean spam, long copies) {
            this.all = all;
            this.tokens = tokens;
            this.spam = spam;
            this.copies = copies;
        }

        @Override
        public NoteClassifier.TokenCounts get(Object token) {
            NoteClassifier.TokenCounts counts = all.get(token);
            if (counts == null || !tokens.contains(token)) {
                return counts;
            }
            NoteClassifier.TokenCounts less = new NoteClassifier.TokenCounts(
                    counts.inauthentic() - (spam ? copies : 0), counts.genuine() - (spam ? 0 : copies));
            return less.inauthentic() + less.genuine() == 0 ? null : less;
        }

        @Override
        public Set<Entry<String, NoteClassifier.TokenCounts>> entrySet() {
            throw new UnsupportedOperationException("only get is read");
        }
    }
}
