package dev.bonafide.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The phrase lists behind the phrase facts ({@link Fact.Group#PHRASES}), kept as data so that an
 * operator can extend them. A phrase matches whole words of the normalised text; a phrase ending in
 * {@code *} matches any word that starts with it ("subscrib*" matches "subscribe" and "subscribers").
 */
public final class PhraseBook {

    /**
     * A phrase as searched for: " body " (" body" for a prefix), and its first whole word, which the
     * text must contain for the phrase to be there at all (null for a one-word prefix).
     */
    private record Needle(String text, String firstWord) {
        static Needle of(String text) {
            String body = text.strip();
            int space = body.indexOf(' ');
            boolean prefix = !text.endsWith(" ");
            String first = space > 0 ? body.substring(0, space) : (prefix ? null : body);
            return new Needle(text, first);
        }
    }

    private final Map<Fact, List<Needle>> needles;

    private PhraseBook(Map<Fact, List<Needle>> needles) {
        this.needles = needles;
    }

    /**
     * Builds a phrase book from lists keyed by fact name.
     *
     * @throws IllegalArgumentException when a key is not a phrase fact, or a phrase is empty
     */
    public static PhraseBook of(Map<String, List<String>> phrasesByFact) {
        Map<Fact, List<Needle>> needles = new EnumMap<>(Fact.class);
        for (Fact fact : Fact.values()) {
            if (fact.group() == Fact.Group.PHRASES) {
                needles.put(fact, List.of());
            }
        }
        phrasesByFact.forEach((name, phrases) -> {
            Fact fact = Fact.byName(name)
                    .filter(f -> f.group() == Fact.Group.PHRASES)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "'" + name + "' is not a phrase fact; phrase facts are " + needles.keySet().stream()
                                    .map(Fact::factName).toList()));
            List<Needle> compiled = new ArrayList<>();
            for (String phrase : phrases) {
                compiled.add(Needle.of(needle(name, phrase)));
            }
            needles.put(fact, List.copyOf(compiled));
        });
        return new PhraseBook(needles);
    }

    private static String needle(String factName, String phrase) {
        boolean prefix = phrase != null && phrase.strip().endsWith("*");
        String body = phrase == null ? "" : normalise(prefix ? phrase.strip().substring(0, phrase.strip().length() - 1) : phrase);
        if (body.isBlank()) {
            throw new IllegalArgumentException("an empty phrase in '" + factName + "'");
        }
        return " " + body.strip() + (prefix ? "" : " ");
    }

    /**
     * Whether the text, already passed through {@link #normalise} and padded, holds a phrase of the
     * fact. {@code words} are the text's words: a phrase whose first word is not among them is
     * skipped without searching the text.
     */
    boolean matches(Fact fact, String paddedNormalisedText, Set<String> words) {
        for (Needle needle : needles.getOrDefault(fact, List.of())) {
            if (needle.firstWord() != null && !words.contains(needle.firstWord())) {
                continue;
            }
            if (paddedNormalisedText.contains(needle.text())) {
                return true;
            }
        }
        return false;
    }

    /** The words of a normalised text. */
    static Set<String> words(String normalisedText) {
        Set<String> words = new HashSet<>();
        int start = 0;
        for (int i = 0; i <= normalisedText.length(); i++) {
            if (i == normalisedText.length() || normalisedText.charAt(i) == ' ') {
                if (i > start) {
                    words.add(normalisedText.substring(start, i));
                }
                start = i + 1;
            }
        }
        return words;
    }

    /** The phrases of a fact, as written in the phrase book (normalised). */
    public List<String> phrases(Fact fact) {
        return needles.getOrDefault(fact, List.of()).stream()
                .map(n -> n.text().endsWith(" ") ? n.text().strip() : n.text().strip() + "*")
                .toList();
    }

    /**
     * Lower case, curly apostrophes made straight, every run of characters other than letters,
     * digits and apostrophes made one space.
     */
    static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        boolean space = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u2019' || c == '\u2018') {
                c = '\'';
            }
            if (Character.isLetterOrDigit(c) || c == '\'') {
                out.append(Character.toLowerCase(c));
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        return out.toString().strip().toLowerCase(Locale.ROOT);
    }
}
