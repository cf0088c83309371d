package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.evaluation.Datasets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The note is read once, character by character, for all its facts ({@link FactExtractor}) and all
 * its phrases at once ({@link PhraseBook}). This test holds that reading against a plain one that
 * follows each fact's definition separately (tokens as strings, the normalised text searched for
 * each phrase), on the benchmark notes, the labelled datasets, hand-picked edge cases and random
 * texts made of the characters that matter.
 */
class FactReadingEquivalenceTest {

    private static final PhraseBook PHRASES = RulebookFiles.defaultPhrases();
    private static final FactExtractor EXTRACTOR = new FactExtractor(PHRASES);

    @Test
    void benchmarkNotesAndHeadlines() throws IOException {
        List<String> texts = new ArrayList<>(lines("bench/notes.txt"));
        texts.addAll(lines("bench/headlines.txt"));
        assertThat(texts).hasSizeGreaterThan(60);
        texts.forEach(FactReadingEquivalenceTest::assertSameFacts);
    }

    @Test
    void labelledDatasets() throws IOException {
        java.nio.file.Path datasets = dev.bonafide.evaluation.LabelledData.directoryOrSkip();
        int checked = 0;
        for (Datasets.LabelledText text : Datasets.youtube(datasets)) {
            assertSameFacts(text.text());
            checked++;
        }
        for (Datasets.LabelledText text : Datasets.sms(datasets)) {
            assertSameFacts(text.text());
            checked++;
        }
        assertThat(checked).isGreaterThan(7_000);
    }

    @Test
    void edgeCases() {
        List<String> cases = List.of(
                "",
                " ",
                "\t\n ",
                "!",
                "!!!",
                "a",
                "A",
                "'",
                "’",
                "‘twas",
                "I’m Ann",
                "I‘m Ann",
                "i ' m",
                "  I'm   the founder of   X  ",
                "founder-of",
                "Founder Of",
                "co-founder",
                "co  founder!",
                "CHECK OUT MY CHANNEL!!!",
                "Check-out... my channel",
                "subscribers",
                "unsubscribe",
                "resubscribe",
                "http://x",
                "HTTPS://EXAMPLE.COM/A",
                "(https://example.com)",
                "www.",
                "WWW.EXAMPLE.ORG",
                "youtube.com/watch?v=1",
                "YouTube.COM/x",
                "-youtube.com/x",
                "a.b/c",
                "a..b.com/x",
                ".com/x",
                "x.c/y",
                "x.c1/y",
                "ex-ample.co.uk/path",
                "bit.ly/abc",
                "/path",
                "example.com",
                "mail@example.com/x",
                "münchen.de/x",
                "MÜNCHEN.DE/x",
                "ÀÉ.com/x",
                "İstanbul.com.tr/x",
                "http://İstanbul",
                "«www.x.org»",
                "K.com/x",
                "\u212Aelvin.com/x",
                "ｗｗｗ.example.com",
                "example.ｃｏｍ/x",
                "£100",
                "$ 5",
                "20€",
                "5 $",
                "$$",
                "$",
                " $",
                "$ ",
                "¥1000 and ₹ 50 and 3₿",
                "US$20",
                "$1,000,000",
                "call 0800123456",
                "12345",
                "1234",
                "12 345",
                "١٢٣٤٥",
                "۱۲۳۴۵۶",
                "１２３４５",
                "9999a99999",
                "HELLO THERE",
                "ÀÉÎÕÜ ÀÉÎÕÜ",
                "straße STRASSE",
                "ǅungla ǅ",
                "ΣΊΣΥΦΟΣ σίσυφος",
                "\uD835\uDC00\uD835\uDC01\uD835\uDC02 maths letters",
                "\uD83D\uDE00 \uD83D\uDE00\uD83D\uDE00",
                "lone \uD800 high",
                "lone \uDC00 low",
                "\uDC00\uD800",
                "a\uD800",
                "\uD801\uDC00 deseret",
                "non\u00A0breaking\u00A0space",
                "figure\u2007space",
                "ideographic\u3000space",
                "line\u2028sep",
                "zero\u200Bwidth",
                "tab\tseparated\twords",
                "crlf\r\nlines",
                "\u0085next line",
                "日本語のテキスト",
                "你好，我想加你",
                "مرحبا أريد التواصل",
                "שלום",
                "Привет, я Иван",
                "your smile",
                "your  smile",
                "your smiles",
                "your-smile!",
                "YOUR SMILE",
                "smile in your picture",
                "your profile pic",
                "your profile pictures",
                "your profile",
                "hi beautiful",
                "you're gorgeous",
                "you’re gorgeous",
                "you re gorgeous",
                "open networker",
                "LION",
                "lion's share",
                "super-connector",
                "free",
                "for free",
                "freebie",
                "earnings",
                "learn",
                "win a",
                "win",
                "won't",
                "prize",
                "prizes");
        cases.forEach(FactReadingEquivalenceTest::assertSameFacts);
    }

    @Test
    void randomTexts() {
        String[] pieces = {
            " ",
            "  ",
            "\t",
            "\n",
            "\u00A0",
            "\u2003",
            "!",
            "?",
            ".",
            ",",
            "-",
            "/",
            ":",
            "'",
            "’",
            "‘",
            "\"",
            "(",
            ")",
            "$",
            "£",
            "€",
            "¥",
            "₹",
            "0",
            "1",
            "5",
            "9",
            "12345",
            "0800",
            "١",
            "１",
            "a",
            "e",
            "i",
            "m",
            "z",
            "A",
            "E",
            "I",
            "M",
            "Z",
            "é",
            "É",
            "ß",
            "İ",
            "ı",
            "Σ",
            "ς",
            "\u212A",
            "ǅ",
            "\uD835\uDC00",
            "\uD83D\uDE00",
            "\uD800",
            "\uDC00",
            "日",
            "ж",
            "http://",
            "https://",
            "www.",
            "WWW.",
            ".com",
            ".co.uk",
            "example",
            "x.io/",
            "i'm",
            "I am",
            "my name is",
            "your",
            "smile",
            "picture",
            "subscrib",
            "check out",
            "money",
            "free",
            "networker",
            "open",
            "lion",
            "connect",
            "would like to",
            "founder of",
            "co",
            "win",
            "a"
        };
        SplittableRandom random = new SplittableRandom(20261127);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(12);
            for (int p = 0; p < parts; p++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            assertSameFacts(text.toString());
        }
    }

    @Test
    void normalisingKeepsWordCharactersLowerCasedBetweenSingleSpaces() {
        assertThat(PhraseBook.normalise("  Hello,   WORLD!! I’m  here. ")).isEqualTo("hello world i'm here");
        assertThat(PhraseBook.normalise("")).isEmpty();
        assertThat(PhraseBook.normalise("?!")).isEmpty();
        assertThat(PhraseBook.normalise("İSTANBUL straße")).isEqualTo("istanbul straße");
    }

    /** The note as the message and the headline, against the plain reading of both. */
    private static void assertSameFacts(String text) {
        ConnectionRequest request = new ConnectionRequest(text, 2, 500, "r", text, null, false);
        Map<String, Object> expected = Plain.facts(request);
        Map<String, Object> actual = EXTRACTOR.extract(request).asMap();
        if (actual.equals(expected) && List.copyOf(actual.keySet()).equals(List.copyOf(expected.keySet()))) {
            return;
        }
        assertThat(new ArrayList<>(actual.keySet()))
                .as("fact names in order")
                .containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, Object> fact : expected.entrySet()) {
            assertThat(actual.get(fact.getKey()))
                    .as("%s of %s", fact.getKey(), printable(text))
                    .isEqualTo(fact.getValue());
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars()
                .forEach(c -> out.append(c < 32 || c > 126 ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return out.append('"').toString();
    }

    private static List<String> lines(String resource) throws IOException {
        InputStream in = FactReadingEquivalenceTest.class.getClassLoader().getResourceAsStream(resource);
        assertThat(in).as(resource).isNotNull();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("#") && !line.equals("<none>")) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /**
     * Each fact by its definition, one at a time: the text split into tokens, each token checked
     * for letters and links, and the normalised text, padded with a space at each end, searched
     * for every phrase of a fact (" phrase " for whole words, " prefix" for a phrase ending in *).
     */
    static final class Plain {

        /** The phrases of each fact as searched for: " phrase ", or " prefix" for a phrase ending in *. */
        private static final Map<Fact, List<String>> NEEDLES = new EnumMap<>(Fact.class);

        static {
            for (Fact fact : Fact.values()) {
                if (fact.group() == Fact.Group.PHRASES) {
                    NEEDLES.put(
                            fact,
                            PHRASES.phrases(fact).stream()
                                    .map(phrase -> phrase.endsWith("*")
                                            ? " " + phrase.substring(0, phrase.length() - 1)
                                            : " " + phrase + " ")
                                    .toList());
                }
            }
        }

        static Map<String, Object> facts(ConnectionRequest request) {
            String message = request.message() == null ? "" : request.message();
            String headline = request.requesterHeadline() == null ? "" : request.requesterHeadline();
            String paddedNote = " " + PhraseBook.normalise(message) + " ";
            String paddedHeadline = " " + PhraseBook.normalise(headline) + " ";

            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("mutualConnections", request.mutualConnections());
            facts.put("requesterNetworkSize", request.requesterNetworkSize());
            facts.put("knownToRecipient", request.knownToRecipient());
            facts.put(
                    "hasRequesterId",
                    request.requesterId() != null && !request.requesterId().isBlank());
            facts.put("message", message);
            facts.put("headline", headline);
            facts.put("hasNote", !message.isBlank());
            List<String> tokens = tokens(message);
            facts.put(
                    "wordCount",
                    tokens.stream()
                            .filter(t -> t.codePoints().anyMatch(Character::isLetterOrDigit))
                            .count());
            facts.put("linkCount", tokens.stream().filter(Plain::isLink).count());
            facts.put("capsShare", capsShare(message));
            facts.put("exclamationCount", message.chars().filter(c -> c == '!').count());
            facts.put("moneyAmountCount", moneyAmountCount(message));
            facts.put("longNumberCount", longNumberCount(message));
            // The names in a note are read from its opening and ending, not in the single pass: the
            // same definitions are used here, so this test holds only the pass that feeds them.
            boolean hasNote = !message.isBlank();
            facts.put("addressesRecipientByName", hasNote && NoteContext.addressesByName(message));
            facts.put("signedWithName", hasNote && NoteContext.signedWithName(message));
            facts.put("noteLanguage", hasNote ? NoteLanguage.of(message) : "");
            for (Fact fact : Fact.values()) {
                if (fact.group() == Fact.Group.PHRASES) {
                    String padded = fact == Fact.HEADLINE_NETWORKER ? paddedHeadline : paddedNote;
                    boolean found = NEEDLES.get(fact).stream().anyMatch(padded::contains);
                    if (fact == Fact.INTRODUCES_SENDER) {
                        found |= hasNote && NoteContext.introducesByName(message);
                    } else if (fact == Fact.CLAIMS_SHARED_HISTORY) {
                        found |= hasNote && NoteContext.wereSomewhereTogether(message);
                    }
                    facts.put(fact.factName(), found);
                }
            }
            // The untrained classifier: every note neutral.
            facts.put("noteInauthenticProbability", 0.5);
            facts.put("classifierTrained", false);
            facts.put("classifierExamples", 0L);
            facts.put("requesterRequestsLastHour", 0L);
            facts.put("requesterRequestsLastDay", 0L);
            facts.put("requesterScreeningsLast7Days", 0L);
            facts.put("requesterDeclinedShare", 0.0);
            facts.put("sameNoteRecipientsLast7Days", 0L);
            facts.put("requesterReportedLast30Days", 0L);
            facts.put("requesterAcceptedLast30Days", 0L);
            return facts;
        }

        static List<String> tokens(String text) {
            List<String> tokens = new ArrayList<>();
            StringBuilder token = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    if (!token.isEmpty()) {
                        tokens.add(token.toString());
                        token.setLength(0);
                    }
                } else {
                    token.append(c);
                }
            }
            if (!token.isEmpty()) {
                tokens.add(token.toString());
            }
            return tokens;
        }

        static boolean isLink(String rawToken) {
            int start = 0;
            while (start < rawToken.length() && !Character.isLetterOrDigit(rawToken.charAt(start))) {
                start++;
            }
            String token = rawToken.substring(start).toLowerCase(Locale.ROOT);
            if (token.startsWith("http://") || token.startsWith("https://") || token.startsWith("www.")) {
                return true;
            }
            int slash = token.indexOf('/');
            if (slash <= 0) {
                return false;
            }
            String host = token.substring(0, slash);
            int lastDot = host.lastIndexOf('.');
            if (lastDot <= 0 || host.length() - lastDot - 1 < 2) {
                return false;
            }
            if (!host.substring(lastDot + 1).chars().allMatch(c -> Character.isLetter((char) c))) {
                return false;
            }
            Set<Integer> dots = new HashSet<>();
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (c == '.') {
                    if (i == 0 || host.charAt(i - 1) == '.') {
                        return false;
                    }
                    dots.add(i);
                } else if (!Character.isLetterOrDigit(c) && c != '-') {
                    return false;
                }
            }
            return !dots.isEmpty();
        }

        static double capsShare(String text) {
            long letters =
                    text.chars().filter(c -> Character.isLetter((char) c)).count();
            long capitals = text.chars()
                    .filter(c -> Character.isLetter((char) c) && Character.isUpperCase((char) c))
                    .count();
            return letters < FactExtractor.MIN_LETTERS_FOR_CAPS ? 0.0 : (double) capitals / letters;
        }

        static long moneyAmountCount(String text) {
            long amounts = 0;
            for (int i = 0; i < text.length(); i++) {
                if (Character.getType(text.charAt(i)) == Character.CURRENCY_SYMBOL
                        && (digitAt(text, i + 1)
                                || (charAt(text, i + 1) == ' ' && digitAt(text, i + 2))
                                || digitAt(text, i - 1)
                                || (charAt(text, i - 1) == ' ' && digitAt(text, i - 2)))) {
                    amounts++;
                }
            }
            return amounts;
        }

        private static char charAt(String text, int i) {
            return i >= 0 && i < text.length() ? text.charAt(i) : '\0';
        }

        private static boolean digitAt(String text, int i) {
            return i >= 0 && i < text.length() && Character.isDigit(text.charAt(i));
        }

        static long longNumberCount(String text) {
            long numbers = 0;
            int run = 0;
            for (char c : (text + " ").toCharArray()) {
                if (Character.isDigit(c)) {
                    run++;
                } else {
                    numbers += run >= FactExtractor.LONG_NUMBER_DIGITS ? 1 : 0;
                    run = 0;
                }
            }
            return numbers;
        }
    }
}
