package dev.bonafide.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The phrase lists behind the phrase facts ({@link Fact.Group#PHRASES}), kept as data so that an
 * operator can extend them. A phrase matches whole words of the normalised text; a phrase ending in
 * {@code *} matches any word that starts with it ("subscrib*" matches "subscribe" and "subscribers").
 */
public final class PhraseBook {

    private final Map<Fact, List<String>> needles;

    private PhraseBook(Map<Fact, List<String>> needles) {
        this.needles = needles;
    }

    /**
     * Builds a phrase book from lists keyed by fact name.
     *
     * @throws IllegalArgumentException when a key is not a phrase fact, or a phrase is empty
     */
    public static PhraseBook of(Map<String, List<String>> phrasesByFact) {
        Map<Fact, List<String>> needles = new EnumMap<>(Fact.class);
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
            List<String> compiled = new ArrayList<>();
            for (String phrase : phrases) {
                compiled.add(needle(name, phrase));
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

    /** Whether the text, already passed through {@link #normalise} and padded, holds a phrase of the fact. */
    boolean matches(Fact fact, String paddedNormalisedText) {
        for (String needle : needles.getOrDefault(fact, List.of())) {
            if (paddedNormalisedText.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** The phrases of a fact, as written in the phrase book (normalised). */
    public List<String> phrases(Fact fact) {
        return needles.getOrDefault(fact, List.of()).stream()
                .map(n -> n.endsWith(" ") ? n.strip() : n.strip() + "*")
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
