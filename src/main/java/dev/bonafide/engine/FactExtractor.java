package dev.bonafide.engine;

import java.util.Locale;

/**
 * Derives the facts of a request: its fields, and what its note and headline say. The note is read
 * once, a character at a time, for its counts and phrases (words, links, capitals, exclamation marks,
 * amounts of money, long numbers); its opening and ending are read again for the names in it
 * ({@link NoteContext}), and its words for its language ({@link NoteLanguage}).
 */
public final class FactExtractor {

    /** Below this many letters, the share of capitals says nothing and is reported as 0. */
    static final int MIN_LETTERS_FOR_CAPS = 10;

    /** A number with this many digits in a row is a phone number or a code, not a count or a year. */
    static final int LONG_NUMBER_DIGITS = 5;

    private static final Fact[] FACTS = Fact.values();

    private final PhraseBook phrases;

    public FactExtractor(PhraseBook phrases) {
        this.phrases = phrases;
    }

    public Facts extract(ConnectionRequest request) {
        return extract(request, HistoryFacts.NONE);
    }

    public Facts extract(ConnectionRequest request, HistoryFacts history) {
        return extract(request, history, NoteClassifier.EMPTY);
    }

    /** The facts, with the note classifier's reading of the note from {@code classifier}. */
    public Facts extract(ConnectionRequest request, HistoryFacts history, NoteClassifier classifier) {
        String message = request.message() == null ? "" : request.message();
        String headline = request.requesterHeadline() == null ? "" : request.requesterHeadline();
        NoteReading note = NoteReading.of(message, phrases.noteReader());
        int phraseFacts = note.phrases | headlinePhrases(headline);
        boolean hasNote = note.tokens > 0;
        if (hasNote && NoteContext.introducesByName(message)) {
            phraseFacts |= PhraseBook.bit(Fact.INTRODUCES_SENDER);
        }
        if (hasNote && NoteContext.wereSomewhereTogether(message)) {
            phraseFacts |= PhraseBook.bit(Fact.CLAIMS_SHARED_HISTORY);
        }

        Object[] values = new Object[FACTS.length];
        values[Fact.MUTUAL_CONNECTIONS.ordinal()] = request.mutualConnections();
        values[Fact.REQUESTER_NETWORK_SIZE.ordinal()] = request.requesterNetworkSize();
        values[Fact.KNOWN_TO_RECIPIENT.ordinal()] = request.knownToRecipient();
        values[Fact.HAS_REQUESTER_ID.ordinal()] =
                request.requesterId() != null && !request.requesterId().isBlank();
        values[Fact.MESSAGE.ordinal()] = message;
        values[Fact.HEADLINE.ordinal()] = headline;

        values[Fact.HAS_NOTE.ordinal()] = hasNote;
        values[Fact.WORD_COUNT.ordinal()] = note.words;
        values[Fact.LINK_COUNT.ordinal()] = note.links;
        values[Fact.CAPS_SHARE.ordinal()] =
                note.letters < MIN_LETTERS_FOR_CAPS ? 0.0 : (double) note.capitals / note.letters;
        values[Fact.EXCLAMATION_COUNT.ordinal()] = note.exclamations;
        values[Fact.MONEY_AMOUNT_COUNT.ordinal()] = note.moneyAmounts;
        values[Fact.LONG_NUMBER_COUNT.ordinal()] = note.longNumbers;
        values[Fact.ADDRESSES_RECIPIENT_BY_NAME.ordinal()] = hasNote && NoteContext.addressesByName(message);
        values[Fact.SIGNED_WITH_NAME.ordinal()] = hasNote && NoteContext.signedWithName(message);
        values[Fact.NOTE_LANGUAGE.ordinal()] = hasNote ? NoteLanguage.of(message) : NoteLanguage.UNKNOWN;

        for (Fact fact : FACTS) {
            if (fact.group() == Fact.Group.PHRASES) {
                values[fact.ordinal()] = (phraseFacts & PhraseBook.bit(fact)) != 0;
            }
        }
        values[Fact.NOTE_INAUTHENTIC_PROBABILITY.ordinal()] = classifier.hasExamples()
                ? classifier.probability(NoteClassifier.tokens(message))
                : NoteClassifier.NEUTRAL;
        values[Fact.CLASSIFIER_TRAINED.ordinal()] = classifier.trained();
        values[Fact.CLASSIFIER_EXAMPLES.ordinal()] = classifier.inauthenticExamples() + classifier.genuineExamples();
        Facts.putHistory(values, history);
        return new Facts(values);
    }

    private int headlinePhrases(String headline) {
        PhraseBook.Reader reader = phrases.headlineReader();
        for (int i = 0; i < headline.length(); i++) {
            reader.accept(headline.charAt(i));
        }
        return reader.finish();
    }

    /**
     * What one reading of a note counts. Tokens are runs of characters other than white space; a
     * word is a token with a letter or a digit in it. Letters, capitals, digits, currency signs and
     * white space are as {@link Character} defines them, for each {@code char} of the text (a
     * letter outside the Basic Multilingual Plane makes a token a word, but is not counted among
     * the letters).
     */
    static final class NoteReading {

        long tokens;
        long words;
        long links;
        int letters;
        int capitals;
        long exclamations;
        long moneyAmounts;
        long longNumbers;
        int phrases;

        static NoteReading of(String text, PhraseBook.Reader phraseReader) {
            NoteReading r = new NoteReading();
            int length = text.length();
            int tokenStart = -1;
            boolean tokenIsWord = false;
            boolean tokenIsAscii = true;
            int digitRun = 0;
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                phraseReader.accept(c);
                boolean whiteSpace;
                boolean letterOrDigit;
                if (c < 128) {
                    int kind = ASCII[c];
                    whiteSpace = (kind & WHITE_SPACE) != 0;
                    letterOrDigit = (kind & (LETTER | DIGIT)) != 0;
                    if ((kind & LETTER) != 0) {
                        r.letters++;
                        if ((kind & UPPER) != 0) {
                            r.capitals++;
                        }
                    }
                    if ((kind & DIGIT) != 0) {
                        digitRun++;
                    } else {
                        digitRun = r.endDigitRun(digitRun);
                    }
                    if (c == '!') {
                        r.exclamations++;
                    } else if ((kind & CURRENCY) != 0 && isAmount(text, i)) {
                        r.moneyAmounts++;
                    }
                } else {
                    whiteSpace = Character.isWhitespace(c);
                    letterOrDigit = Character.isLetterOrDigit(c);
                    if (Character.isLetter(c)) {
                        r.letters++;
                        if (Character.isUpperCase(c)) {
                            r.capitals++;
                        }
                    }
                    if (Character.isDigit(c)) {
                        digitRun++;
                    } else {
                        digitRun = r.endDigitRun(digitRun);
                    }
                    if (Character.getType(c) == Character.CURRENCY_SYMBOL && isAmount(text, i)) {
                        r.moneyAmounts++;
                    }
                    if (Character.isHighSurrogate(c)
                            && i + 1 < length
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        letterOrDigit = Character.isLetterOrDigit(Character.toCodePoint(c, text.charAt(i + 1)));
                    }
                }
                if (whiteSpace) {
                    if (tokenStart >= 0) {
                        r.endToken(text, tokenStart, i, tokenIsWord, tokenIsAscii);
                        tokenStart = -1;
                    }
                } else {
                    if (tokenStart < 0) {
                        tokenStart = i;
                        tokenIsWord = false;
                        tokenIsAscii = true;
                    }
                    tokenIsWord |= letterOrDigit;
                    tokenIsAscii &= c < 128;
                }
            }
            if (tokenStart >= 0) {
                r.endToken(text, tokenStart, length, tokenIsWord, tokenIsAscii);
            }
            r.endDigitRun(digitRun);
            r.phrases = phraseReader.finish();
            return r;
        }

        private int endDigitRun(int run) {
            if (run >= LONG_NUMBER_DIGITS) {
                longNumbers++;
            }
            return 0;
        }

        private void endToken(String text, int start, int end, boolean isWord, boolean isAscii) {
            tokens++;
            if (isWord) {
                words++;
            }
            if (isAscii ? isAsciiLink(text, start, end) : isLink(text.substring(start, end))) {
                links++;
            }
        }
    }

    private static final byte WHITE_SPACE = 1;
    private static final byte LETTER = 2;
    private static final byte UPPER = 4;
    private static final byte DIGIT = 8;
    private static final byte CURRENCY = 16;

    /** What {@link Character} says of each ASCII character. */
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = (byte) ((Character.isWhitespace(c) ? WHITE_SPACE : 0)
                    | (Character.isLetter(c) ? LETTER : 0)
                    | (Character.isUpperCase(c) ? UPPER : 0)
                    | (Character.isDigit(c) ? DIGIT : 0)
                    | (Character.getType(c) == Character.CURRENCY_SYMBOL ? CURRENCY : 0));
        }
    }

    /**
     * A link, in a token of ASCII characters only: after any leading characters other than letters
     * and digits, it starts with "http://", "https://" or "www." (in any case), or has a host name
     * ({@link #isHostName}) right before its first slash.
     */
    static boolean isAsciiLink(String text, int start, int end) {
        int from = start;
        while (from < end && !isAsciiLetterOrDigit(text.charAt(from))) {
            from++;
        }
        if (startsWithLowerCased(text, from, end, "http://")
                || startsWithLowerCased(text, from, end, "https://")
                || startsWithLowerCased(text, from, end, "www.")) {
            return true;
        }
        int slash = indexOf(text, '/', from, end);
        return slash > from && isHostName(text, from, slash);
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Whether text[from, end), ASCII, lower-cased, starts with the lower-case prefix. */
    private static boolean startsWithLowerCased(String text, int from, int end, String prefix) {
        if (end - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = text.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A link in any token: as {@link #isAsciiLink}, on the token lower-cased as a whole. */
    static boolean isLink(String rawToken) {
        String token = stripLeadingPunctuation(rawToken).toLowerCase(Locale.ROOT);
        if (token.startsWith("http://") || token.startsWith("https://") || token.startsWith("www.")) {
            return true;
        }
        int slash = token.indexOf('/');
        return slash > 0 && isHostName(token, 0, slash);
    }

    private static String stripLeadingPunctuation(String token) {
        int start = 0;
        while (start < token.length() && !Character.isLetterOrDigit(token.charAt(start))) {
            start++;
        }
        return token.substring(start);
    }

    /**
     * Whether text[start, end) is labels of letters, digits and hyphens separated by dots, ending in
     * a top-level domain of 2+ letters.
     */
    private static boolean isHostName(String text, int start, int end) {
        int lastDot = lastIndexOf(text, '.', start, end);
        if (lastDot <= start || end - lastDot - 1 < 2) {
            return false;
        }
        for (int i = lastDot + 1; i < end; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        char previous = '.';
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            boolean label = Character.isLetterOrDigit(c) || c == '-';
            if (!label && !(c == '.' && previous != '.')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /**
     * The first c in text[from, end), or -1. Searches stay inside the token: a search to the end of
     * the note for each token would read a long note once per token.
     */
    private static int indexOf(String text, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The last c in text[start, end), or -1. */
    private static int lastIndexOf(String text, char c, int start, int end) {
        for (int i = end - 1; i >= start; i--) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** A currency sign ($, £, €, ...) at i with a digit right after or before it, at most one space between. */
    private static boolean isAmount(String text, int i) {
        return digitNear(text, i + 1, 1) || digitNear(text, i - 1, -1);
    }

    private static boolean digitNear(String text, int from, int step) {
        int i = from;
        if (i >= 0 && i < text.length() && text.charAt(i) == ' ') {
            i += step;
        }
        return i >= 0 && i < text.length() && Character.isDigit(text.charAt(i));
    }
}
