package dev.bonafide.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The language of a note, told by its most common words, among the languages the phrase lists
 * cover. A note that gives no clear answer has no language ({@link #UNKNOWN}): rules must not read
 * that as a sign against it.
 */
final class NoteLanguage {

    static final String UNKNOWN = "";

    /** A language is named only when at least this many of the note's words are among its common ones. */
    static final int MIN_HITS = 2;

    private static final Map<String, Set<String>> COMMON_WORDS = Map.of(
            "en",
                    Set.of(
                            "the", "and", "you", "your", "to", "of", "is", "i", "i'm", "my", "for", "it", "with",
                            "would", "like", "we", "are", "this", "that", "have", "on", "at", "me", "was", "be", "will",
                            "can", "hi", "hello", "thanks", "what", "just", "not", "but"),
            "es",
                    Set.of(
                            "el",
                            "la",
                            "los",
                            "las",
                            "que",
                            "y",
                            "en",
                            "un",
                            "una",
                            "por",
                            "para",
                            "con",
                            "tu",
                            "su",
                            "es",
                            "mi",
                            "me",
                            "hola",
                            "gracias",
                            "muy",
                            "soy",
                            "trabajo",
                            "del",
                            "al",
                            "lo",
                            "te",
                            "tus",
                            "nos",
                            "pero",
                            "como",
                            "más",
                            "estoy",
                            "conectar"),
            "de",
                    Set.of(
                            "der", "die", "das", "und", "ich", "du", "ist", "nicht", "mit", "sie", "ein", "eine", "zu",
                            "auf", "für", "dich", "dein", "deine", "ihr", "ihre", "hallo", "wir", "bei", "den", "dem",
                            "im", "von", "mich", "mein", "meine", "auch", "würde", "gerne", "uns"),
            "fr",
                    Set.of(
                            "le",
                            "les",
                            "et",
                            "je",
                            "vous",
                            "est",
                            "une",
                            "pour",
                            "avec",
                            "des",
                            "du",
                            "votre",
                            "vos",
                            "mon",
                            "ma",
                            "bonjour",
                            "nous",
                            "sur",
                            "pas",
                            "suis",
                            "j'ai",
                            "c'est",
                            "au",
                            "aux",
                            "qui",
                            "dans",
                            "merci",
                            "travail",
                            "aimerais",
                            "serait"),
            "pt",
                    Set.of(
                            "o",
                            "os",
                            "as",
                            "e",
                            "em",
                            "um",
                            "uma",
                            "com",
                            "você",
                            "seu",
                            "sua",
                            "meu",
                            "minha",
                            "não",
                            "olá",
                            "obrigado",
                            "obrigada",
                            "nós",
                            "do",
                            "da",
                            "dos",
                            "das",
                            "no",
                            "na",
                            "eu",
                            "sou",
                            "trabalho",
                            "gostaria",
                            "muito",
                            "seus",
                            "suas",
                            "também",
                            "conectar"));

    private NoteLanguage() {}

    /** The languages, in a fixed order: bit {@code i} of {@link #LANGUAGES_OF} is {@code LANGUAGES.get(i)}. */
    private static final List<String> LANGUAGES = List.copyOf(new TreeMap<>(COMMON_WORDS).keySet());

    /** Each common word with the languages it is common in, as bits: one look-up a word of the note. */
    private static final Map<String, Integer> LANGUAGES_OF = languagesOfWords();

    private static Map<String, Integer> languagesOfWords() {
        Map<String, Integer> byWord = new HashMap<>();
        for (int i = 0; i < LANGUAGES.size(); i++) {
            int bit = 1 << i;
            for (String word : COMMON_WORDS.get(LANGUAGES.get(i))) {
                byWord.merge(word, bit, (a, b) -> a | b);
            }
        }
        return Map.copyOf(byWord);
    }

    /** "en", "es", "de", "fr", "pt", or {@link #UNKNOWN} when no language leads by its common words. */
    static String of(String note) {
        String normalised = PhraseBook.normalise(note);
        if (normalised.isEmpty()) {
            return UNKNOWN;
        }
        int[] hits = new int[LANGUAGES.size()];
        int start = 0;
        while (start <= normalised.length()) {
            int end = normalised.indexOf(' ', start);
            if (end < 0) {
                end = normalised.length();
            }
            Integer languages = LANGUAGES_OF.get(normalised.substring(start, end));
            if (languages != null) {
                for (int i = 0; i < hits.length; i++) {
                    if ((languages & (1 << i)) != 0) {
                        hits[i]++;
                    }
                }
            }
            start = end + 1;
        }
        String best = UNKNOWN;
        int bestHits = 0;
        boolean tie = false;
        for (int i = 0; i < hits.length; i++) {
            if (hits[i] > bestHits) {
                best = LANGUAGES.get(i);
                bestHits = hits[i];
                tie = false;
            } else if (hits[i] == bestHits && hits[i] > 0) {
                tie = true;
            }
        }
        return bestHits >= MIN_HITS && !tie ? best : UNKNOWN;
    }
}
