package dev.bonafide.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The phrase lists behind the phrase facts ({@link Fact.Group#PHRASES}), kept as data so that an
 * operator can extend them. A phrase matches whole words of the normalised text; a phrase ending in
 * {@code *} matches any word that starts with it ("subscrib*" matches "subscribe" and "subscribers").
 *
 * <p>A phrase is searched for as " body " (" body" for a prefix) in the normalised text with one
 * space added at each end. All the phrases of the note's facts are compiled into one automaton
 * (Aho-Corasick), and those of the headline's into another, so a text is read once, a character at a
 * time, whatever the number of phrases: {@link #noteReader()} and {@link #headlineReader()}.
 */
public final class PhraseBook {

    /** The one phrase fact that is looked for in the headline; the others are looked for in the note. */
    static final Fact HEADLINE_FACT = Fact.HEADLINE_NETWORKER;

    private final Map<Fact, List<String>> needles;
    private final Automaton note;
    private final Automaton headline;

    private PhraseBook(Map<Fact, List<String>> needles) {
        this.needles = needles;
        Map<Fact, List<String>> onNote = new EnumMap<>(Fact.class);
        Map<Fact, List<String>> onHeadline = new EnumMap<>(Fact.class);
        needles.forEach((fact, list) -> (fact == HEADLINE_FACT ? onHeadline : onNote).put(fact, list));
        this.note = Automaton.of(onNote);
        this.headline = Automaton.of(onHeadline);
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
                    .orElseThrow(() -> new IllegalArgumentException("'" + name
                            + "' is not a phrase fact; phrase facts are "
                            + needles.keySet().stream().map(Fact::factName).toList()));
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
        String body = phrase == null
                ? ""
                : normalise(prefix ? phrase.strip().substring(0, phrase.strip().length() - 1) : phrase);
        if (body.isBlank()) {
            throw new IllegalArgumentException("an empty phrase in '" + factName + "'");
        }
        return " " + body.strip() + (prefix ? "" : " ");
    }

    /** The phrases of a fact, as written in the phrase book (normalised). */
    public List<String> phrases(Fact fact) {
        return needles.getOrDefault(fact, List.of()).stream()
                .map(n -> n.endsWith(" ") ? n.strip() : n.strip() + "*")
                .toList();
    }

    /** A reader for the note's phrase facts: every phrase fact but {@link #HEADLINE_FACT}. */
    Reader noteReader() {
        return new Reader(note);
    }

    /** A reader for {@link #HEADLINE_FACT}. */
    Reader headlineReader() {
        return new Reader(headline);
    }

    /**
     * The phrase facts of a text, normalised as it is read: feed it the text's characters with
     * {@link #accept}, then {@link #finish} it. What it finds is what {@link #normalise} and a search
     * for each phrase in the padded result would find. Not thread-safe; one per text.
     */
    static final class Reader {

        private final Automaton automaton;
        private int state;
        private int found;
        private boolean inWord;
        private boolean wordSeen;

        private Reader(Automaton automaton) {
            this.automaton = automaton;
            this.state = automaton.step(0, ' ');
            this.found = automaton.output[state];
        }

        /**
         * One character of the text as sent. Letters, digits and apostrophes (curly ones made
         * straight) are read lower-cased; every run of other characters between two words is read
         * as one space.
         */
        void accept(char c) {
            if (c == '\u2019' || c == '\u2018') {
                c = '\'';
            }
            if (isWordChar(c)) {
                if (!inWord && wordSeen) {
                    read(' ');
                }
                read(Character.toLowerCase(c));
                inWord = true;
                wordSeen = true;
            } else {
                inWord = false;
            }
        }

        private void read(char c) {
            state = automaton.step(state, c);
            found |= automaton.output[state];
        }

        /** Ends the text; returns whether each phrase fact was found, by the fact's bit ({@link #bit}). */
        int finish() {
            read(' ');
            return found;
        }
    }

    /** The bit of a phrase fact in what {@link Reader#finish} returns. */
    static int bit(Fact fact) {
        return 1 << fact.ordinal();
    }

    private static boolean isWordChar(char c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
        }
        return Character.isLetterOrDigit(c);
    }

    /**
     * The whole-text search for many phrases at once: a trie of the phrases with, for every state
     * and character, the state to go to (so a mismatch never goes back in the text), and for every
     * state the facts of all phrases that end there.
     */
    private static final class Automaton {

        /** Classes of characters: 0 for a character in no phrase, then one for each character used. */
        private final int[] asciiClass;

        private final char[] otherChars;
        private final int width;
        private final int[] next;
        final int[] output;

        private Automaton(int[] asciiClass, char[] otherChars, int width, int[] next, int[] output) {
            this.asciiClass = asciiClass;
            this.otherChars = otherChars;
            this.width = width;
            this.next = next;
            this.output = output;
        }

        int step(int state, char c) {
            return next[state * width + classOf(c)];
        }

        static Automaton of(Map<Fact, List<String>> needles) {
            TreeSet<Character> ascii = new TreeSet<>();
            TreeSet<Character> other = new TreeSet<>();
            ascii.add(' ');
            needles.values()
                    .forEach(list -> list.forEach(needle -> {
                        for (char c : needle.toCharArray()) {
                            (c < 128 ? ascii : other).add(c);
                        }
                    }));
            int[] asciiClass = new int[128];
            int cls = 1;
            for (char c : ascii) {
                asciiClass[c] = cls++;
            }
            char[] otherChars = new char[other.size()];
            int k = 0;
            for (char c : other) {
                otherChars[k++] = c;
            }
            int width = 1 + ascii.size() + otherChars.length;

            // The trie: goto[state] by class, -1 where there is no edge.
            List<int[]> edges = new ArrayList<>();
            List<Integer> outputs = new ArrayList<>();
            edges.add(newRow(width));
            outputs.add(0);
            Automaton classes = new Automaton(asciiClass, otherChars, width, new int[0], new int[0]);
            needles.forEach((fact, list) -> {
                for (String needle : list) {
                    int state = 0;
                    for (char c : needle.toCharArray()) {
                        int c1 = classes.classOf(c);
                        int to = edges.get(state)[c1];
                        if (to < 0) {
                            to = edges.size();
                            edges.get(state)[c1] = to;
                            edges.add(newRow(width));
                            outputs.add(0);
                        }
                        state = to;
                    }
                    outputs.set(state, outputs.get(state) | bit(fact));
                }
            });

            // Breadth first: complete the transitions through the failure links, and collect the
            // outputs of the phrases that end within a longer one.
            int states = edges.size();
            int[] next = new int[states * width];
            int[] output = new int[states];
            int[] fail = new int[states];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int c = 0; c < width; c++) {
                int to = edges.get(0)[c];
                next[c] = Math.max(to, 0);
                if (to > 0) {
                    fail[to] = 0;
                    queue.add(to);
                }
            }
            output[0] = outputs.get(0);
            while (!queue.isEmpty()) {
                int state = queue.poll();
                output[state] = outputs.get(state) | output[fail[state]];
                for (int c = 0; c < width; c++) {
                    int to = edges.get(state)[c];
                    if (to > 0) {
                        fail[to] = next[fail[state] * width + c];
                        next[state * width + c] = to;
                        queue.add(to);
                    } else {
                        next[state * width + c] = next[fail[state] * width + c];
                    }
                }
            }
            return new Automaton(asciiClass, otherChars, width, next, output);
        }

        private int classOf(char c) {
            if (c < 128) {
                return asciiClass[c];
            }
            int at = Arrays.binarySearch(otherChars, c);
            return at < 0 ? 0 : width - otherChars.length + at;
        }

        private static int[] newRow(int width) {
            int[] row = new int[width];
            Arrays.fill(row, -1);
            return row;
        }
    }

    /**
     * Lower case, curly apostrophes made straight, every run of characters other than letters,
     * digits and apostrophes made one space, no space at either end.
     */
    static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
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
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
    }
}
