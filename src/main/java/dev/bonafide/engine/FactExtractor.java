package dev.bonafide.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Derives the facts of a request: its fields, and what its note and headline say. */
public final class FactExtractor {

    /** Below this many letters, the share of capitals says nothing and is reported as 0. */
    static final int MIN_LETTERS_FOR_CAPS = 10;

    /** A number with this many digits in a row is a phone number or a code, not a count or a year. */
    static final int LONG_NUMBER_DIGITS = 5;

    private final PhraseBook phrases;

    public FactExtractor(PhraseBook phrases) {
        this.phrases = phrases;
    }

    public Facts extract(ConnectionRequest request) {
        return extract(request, HistoryFacts.NONE);
    }

    public Facts extract(ConnectionRequest request, HistoryFacts history) {
        String message = request.message() == null ? "" : request.message();
        String headline = request.requesterHeadline() == null ? "" : request.requesterHeadline();
        String note = PhraseBook.normalise(message);
        String headlineText = PhraseBook.normalise(headline);
        String paddedNote = " " + note + " ";
        String paddedHeadline = " " + headlineText + " ";
        java.util.Set<String> noteWords = PhraseBook.words(note);
        java.util.Set<String> headlineWords = PhraseBook.words(headlineText);

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put(Fact.MUTUAL_CONNECTIONS.factName(), request.mutualConnections());
        facts.put(Fact.REQUESTER_NETWORK_SIZE.factName(), request.requesterNetworkSize());
        facts.put(Fact.KNOWN_TO_RECIPIENT.factName(), request.knownToRecipient());
        facts.put(Fact.HAS_REQUESTER_ID.factName(), request.requesterId() != null && !request.requesterId().isBlank());
        facts.put(Fact.MESSAGE.factName(), message);
        facts.put(Fact.HEADLINE.factName(), headline);

        facts.put(Fact.HAS_NOTE.factName(), !message.isBlank());
        List<String> tokens = tokens(message);
        facts.put(Fact.WORD_COUNT.factName(), wordCount(tokens));
        facts.put(Fact.LINK_COUNT.factName(), linkCount(tokens));
        facts.put(Fact.CAPS_SHARE.factName(), capsShare(message));
        facts.put(Fact.EXCLAMATION_COUNT.factName(), message.chars().filter(c -> c == '!').count());
        facts.put(Fact.MONEY_AMOUNT_COUNT.factName(), moneyAmountCount(message));
        facts.put(Fact.LONG_NUMBER_COUNT.factName(), longNumberCount(message));

        for (Fact fact : Fact.values()) {
            if (fact.group() == Fact.Group.PHRASES) {
                boolean onHeadline = fact == Fact.HEADLINE_NETWORKER;
                facts.put(fact.factName(), phrases.matches(fact, onHeadline ? paddedHeadline : paddedNote,
                        onHeadline ? headlineWords : noteWords));
            }
        }
        facts.put(Fact.REQUESTS_LAST_HOUR.factName(), history.requestsLastHour());
        facts.put(Fact.REQUESTS_LAST_DAY.factName(), history.requestsLastDay());
        facts.put(Fact.SCREENINGS_LAST_7_DAYS.factName(), history.screeningsLast7Days());
        facts.put(Fact.DECLINED_SHARE.factName(), history.declinedShare());
        facts.put(Fact.SAME_NOTE_RECIPIENTS.factName(), history.sameNoteRecipientsLast7Days());
        return new Facts(facts);
    }

    /** The runs of non-white-space characters of a text. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                if (start >= 0) {
                    tokens.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            tokens.add(text.substring(start));
        }
        return tokens;
    }

    static long wordCount(List<String> tokens) {
        long words = 0;
        for (String token : tokens) {
            if (token.codePoints().anyMatch(Character::isLetterOrDigit)) {
                words++;
            }
        }
        return words;
    }

    static long linkCount(List<String> tokens) {
        long links = 0;
        for (String token : tokens) {
            if (isLink(token)) {
                links++;
            }
        }
        return links;
    }

    private static boolean isLink(String rawToken) {
        String token = stripLeadingPunctuation(rawToken).toLowerCase(java.util.Locale.ROOT);
        if (token.startsWith("http://") || token.startsWith("https://") || token.startsWith("www.")) {
            return true;
        }
        int slash = token.indexOf('/');
        return slash > 0 && isHostName(token.substring(0, slash));
    }

    private static String stripLeadingPunctuation(String token) {
        int start = 0;
        while (start < token.length() && !Character.isLetterOrDigit(token.charAt(start))) {
            start++;
        }
        return token.substring(start);
    }

    /** Labels of letters, digits and hyphens separated by dots, ending in a top-level domain of 2+ letters. */
    private static boolean isHostName(String host) {
        int lastDot = host.lastIndexOf('.');
        if (lastDot <= 0 || host.length() - lastDot - 1 < 2) {
            return false;
        }
        for (int i = lastDot + 1; i < host.length(); i++) {
            if (!Character.isLetter(host.charAt(i))) {
                return false;
            }
        }
        char previous = '.';
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean label = Character.isLetterOrDigit(c) || c == '-';
            if (!label && !(c == '.' && previous != '.')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /** Currency signs ($, £, €, ...) with a digit right before or after them, at most one space between. */
    static long moneyAmountCount(String text) {
        long amounts = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.getType(text.charAt(i)) == Character.CURRENCY_SYMBOL
                    && (digitNear(text, i + 1, 1) || digitNear(text, i - 1, -1))) {
                amounts++;
            }
        }
        return amounts;
    }

    private static boolean digitNear(String text, int from, int step) {
        int i = from;
        if (i >= 0 && i < text.length() && text.charAt(i) == ' ') {
            i += step;
        }
        return i >= 0 && i < text.length() && Character.isDigit(text.charAt(i));
    }

    /** Runs of at least {@value #LONG_NUMBER_DIGITS} digits with nothing between them. */
    static long longNumberCount(String text) {
        long numbers = 0;
        int run = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && Character.isDigit(text.charAt(i))) {
                run++;
            } else {
                if (run >= LONG_NUMBER_DIGITS) {
                    numbers++;
                }
                run = 0;
            }
        }
        return numbers;
    }

    static double capsShare(String text) {
        int letters = 0;
        int capitals = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    capitals++;
                }
            }
        }
        return letters < MIN_LETTERS_FOR_CAPS ? 0.0 : (double) capitals / letters;
    }
}
