package dev.bonafide.bench;

import dev.bonafide.engine.NoteClassifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap held by a note classifier model of 100,000 distinct tokens (half single words, half word
 * pairs, of realistic lengths), measured as used heap after full collections before and after it
 * is built. Run after {@code scripts/bench.sh} wrote the class path:
 * {@code java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.bonafide.bench.ClassifierFootprint}.
 */
public final class ClassifierFootprint {

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long before = usedAfterGc();
        Map<String, NoteClassifier.TokenCounts> tokens = new HashMap<>();
        for (int i = 0; i < size; i++) {
            String word = "word" + Integer.toString(i * 7919, 36);
            String token = i % 2 == 0 ? word : word + " next" + Integer.toString(i, 36);
            tokens.put(token, new NoteClassifier.TokenCounts(i % 7, i % 11));
        }
        NoteClassifier model = new NoteClassifier(tokens, 5_000, 5_000, 200);
        long after = usedAfterGc();
        System.out.printf(
                "%,d tokens: %.1f MB of heap (%.0f bytes a token)%n",
                model.distinctTokens(), (after - before) / 1e6, (after - before) / (double) size);
        if (model.probability(NoteClassifier.tokens("word1 next1")) < 0) {
            throw new IllegalStateException();
        }
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private ClassifierFootprint() {}
}
