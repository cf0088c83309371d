package dev.bonafide.engine;

import java.util.Map;
import java.util.Set;

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

    /** "en", "es", "de", "fr", "pt", or {@link #UNKNOWN} when no language leads by its common words. */
    static String of(String note) {
        String normalised = PhraseBook.normalise(note);
        if (normalised.isEmpty()) {
            return UNKNOWN;
        }
        String[] words = normalised.split(" ");
        String best = UNKNOWN;
        int bestHits = 0;
        boolean tie = false;
        for (Map.Entry<String, Set<String>> language : COMMON_WORDS.entrySet()) {
            int hits = 0;
            for (String word : words) {
                if (language.getValue().contains(word)) {
                    hits++;
                }
            }
            if (hits > bestHits) {
                best = language.getKey();
                bestHits = hits;
                tie = false;
            } else if (hits == bestHits && hits > 0) {
                tie = true;
            }
        }
        return bestHits >= MIN_HITS && !tie ? best : UNKNOWN;
    }
}
