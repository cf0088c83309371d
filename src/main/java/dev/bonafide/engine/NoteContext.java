package dev.bonafide.engine;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a note's shape says about the people in it, where a phrase list cannot say it because it
 * holds a name: a greeting by name, a name signed under the note, a sender who opens with their own
 * name ("Anna here", "Anna from the data team at Acme"), and "we were at ... together". Only the
 * note's opening and ending are read, so the cost does not grow with the note.
 */
final class NoteContext {

    /** How much of the note's start the opening patterns read. */
    static final int OPENING = 200;

    /** How much of the note's end the signature patterns read. */
    static final int ENDING = 80;

    private static final String NAME = "(\\p{Lu}[\\p{L}'\u2019-]+)";

    private static final String GREETING = "(?iu:hi|hello|hey|hiya|dear|greetings|good morning|good afternoon"
            + "|good evening|hola|buenos d[ií]as|buenas tardes|estimad[oa]|querid[oa]|hallo|guten tag|liebe|lieber"
            + "|sehr geehrte[rs]?|servus|moin|bonjour|bonsoir|salut|cher|ch[èe]re|ol[áa]|oi|bom dia|boa tarde"
            + "|prezad[oa]|car[oa])";

    private static final String TITLE =
            "(?iu:mr|mrs|ms|miss|dr|prof|professor|herr|frau|sr|sra|señor|señora|srta" + "|mme|monsieur|madame|dra)";

    private static final Pattern ADDRESSED = Pattern.compile(
            "^[^\\p{L}]{0,5}" + GREETING + "[\\s,!]+(?:" + TITLE + "\\.?\\s+)?" + NAME + "(?![\\p{L}])");

    private static final String SIGN_OFF = "(?iu:thanks|thank you|many thanks|best|best wishes|best regards"
            + "|kind regards|warm regards|regards|cheers|sincerely|warmly|all the best|talk soon|saludos|un saludo"
            + "|gracias|atentamente|un abrazo|gr[üu](?:ß|ss)e|gru(?:ß|ss)|viele gr[üu](?:ß|ss)e|liebe gr[üu](?:ß|ss)e"
            + "|beste gr[üu](?:ß|ss)e|danke|cordialement|bien [àa] vous|merci|amiti[ée]s|bises|abra[çc]os|abra[çc]o"
            + "|atenciosamente|obrigad[oa])";

    private static final Pattern SIGNED = Pattern.compile("(?:" + SIGN_OFF
            + "(?:\\s*[,.!:\\-\u2013\u2014]\\s*|\\s*\\n\\s*)|(?:^|\\s)[-\u2013\u2014~]\\s*)" + NAME
            + "(?:\\s+\\p{Lu}[\\p{L}'\u2019-]+){0,2}\\s*[.!]?\\s*$");

    /** What follows the place an introduction starts: an optional "it's", the name, and "here" or "from ...". */
    private static final String INTRODUCTION = "(?:(?iu:it's|it is|this is|c'est|soy|ich bin|je suis|sou|aqui [ée]"
            + "|aqu[íi] es)\\s+)?"
            + NAME + "(?:\\s+\\p{Lu}[\\p{L}'\u2019-]+)?\\s*,?\\s+"
            + "(?:(?iu:here|aqu[íi]|hier|ici|aqui)(?![\\p{L}])"
            + "|(?iu:from)\\s+(?:(?iu:the)\\s+)?[\\p{L}\\d&.-]+(?:\\s+[\\p{L}\\d&.-]+)?\\s+(?iu:team|group|lab"
            + "|department|squad|project)(?![\\p{L}])"
            + "|(?iu:from|at|de|von|bei|da|do)\\s+\\p{Lu})";

    /** An introduction at the start of the note, after an optional greeting (and the recipient's name). */
    private static final Pattern INTRODUCED_FIRST = Pattern.compile("[^\\p{L}]{0,5}(?:" + GREETING
            + "[\\s,!]+(?:\\p{Lu}[\\p{L}'\u2019-]+\\s*[,!.:\\-\u2013\u2014]\\s*)?)?" + INTRODUCTION);

    /** An introduction after a punctuation mark or a line break. */
    private static final Pattern INTRODUCED_AFTER = Pattern.compile("[,.!:;\\n]\\s*" + INTRODUCTION);

    /** The characters after which an introduction may start, beside the note's start. */
    private static final String INTRODUCTION_MARKS = ",.!:;\n";

    private static final Pattern TOGETHER = Pattern.compile(
            "(?iu)(?<![\\p{L}])we\\s+were\\s+(?:both\\s+)?(?:at|in|on)\\s[^.!?\\n]{1,60}?(?<![\\p{L}])together(?![\\p{L}])");

    /**
     * Words that follow a greeting or stand before "here" without being anyone's name: "Hi there",
     * "Hey beautiful", "Click here", "Greetings from ...".
     */
    private static final Set<String> NOT_NAMES = Set.of(
            "there",
            "all",
            "everyone",
            "everybody",
            "anyone",
            "someone",
            "friend",
            "friends",
            "dear",
            "sir",
            "madam",
            "beautiful",
            "gorgeous",
            "handsome",
            "sexy",
            "babe",
            "baby",
            "honey",
            "sweetie",
            "sweetheart",
            "darling",
            "cutie",
            "guys",
            "team",
            "folks",
            "world",
            "people",
            "man",
            "bro",
            "mate",
            "buddy",
            "dude",
            "lady",
            "ladies",
            "gentlemen",
            "pretty",
            "cute",
            "hot",
            "stranger",
            "you",
            "again",
            "how",
            "i",
            "im",
            "i'm",
            "my",
            "this",
            "the",
            "what",
            "hope",
            "just",
            "thanks",
            "thank",
            "good",
            "great",
            "nice",
            "love",
            "lovely",
            "mum",
            "mom",
            "dad",
            "hi",
            "hello",
            "hey",
            "greetings",
            "hola",
            "hallo",
            "bonjour",
            "salut",
            "olá",
            "ola",
            "oi",
            "click",
            "look",
            "come",
            "go",
            "check",
            "sign",
            "tap",
            "start",
            "read",
            "visit",
            "subscribe",
            "right",
            "over",
            "up",
            "down",
            "out",
            "in",
            "more",
            "info",
            "details",
            "link",
            "video",
            "song",
            "music",
            "comment",
            "reply",
            "text",
            "call",
            "join",
            "stop",
            "send",
            "get",
            "see",
            "watch",
            "listen",
            "download",
            "buy",
            "order",
            "shop",
            "apply",
            "register",
            "vote",
            "like",
            "share",
            "follow",
            "we",
            "it",
            "its",
            "it's",
            "so",
            "and",
            "but",
            "also",
            "please",
            "free",
            "new",
            "amigo",
            "amiga",
            "amigos",
            "todos",
            "guapa",
            "guapo",
            "hermosa",
            "hermoso",
            "linda",
            "lindo",
            "bella",
            "bonita",
            "cariño",
            "schatz",
            "schöne",
            "tout",
            "tous",
            "belle",
            "beau",
            "chérie",
            "gente",
            "galera");

    private NoteContext() {}

    /** The note opens with a greeting and a name: "Hi Anna,", "Dear Dr. Okafor", "Hola Marta". */
    static boolean addressesByName(String note) {
        Matcher m = ADDRESSED.matcher(opening(note));
        return m.find() && isName(m.group(1));
    }

    /** The note ends with a name after a sign-off or a dash: "Best, Tom", "Thanks!\nAna Souza", "- Tom". */
    static boolean signedWithName(String note) {
        if (!endsWithCapitalisedWord(note)) {
            // A signature ends with a name: most notes end otherwise, and the pattern's many sign-offs,
            // matched without regard to case, are costly to try at every place of the ending.
            return false;
        }
        Matcher m = SIGNED.matcher(ending(note));
        while (m.find()) {
            if (isName(m.group(1))) {
                return true;
            }
        }
        return false;
    }

    /** The sender opens with their own name: "Anna here", "Anna from the data team at Acme", "Tom from Acme". */
    static boolean introducesByName(String note) {
        // Tried only where an introduction can start (the note's start, and after a punctuation mark),
        // rather than at every place of the opening: each attempt of the pattern costs.
        String opening = opening(note);
        int from = 0;
        Matcher first = INTRODUCED_FIRST.matcher(opening);
        if (first.lookingAt()) {
            if (isName(first.group(1))) {
                return true;
            }
            from = first.end();
        }
        Matcher after = INTRODUCED_AFTER.matcher(opening);
        for (int at = from; at < opening.length(); at++) {
            if (INTRODUCTION_MARKS.indexOf(opening.charAt(at)) < 0) {
                continue;
            }
            after.region(at, opening.length());
            if (after.lookingAt()) {
                if (isName(after.group(1))) {
                    return true;
                }
                at = after.end() - 1;
            }
        }
        return false;
    }

    /** "We were at ... together", "we were both in ... together". */
    static boolean wereSomewhereTogether(String note) {
        return containsIgnoringCase(note, "together") && TOGETHER.matcher(note).find();
    }

    /** Whether the note's last word, before closing white space, dots and exclamation marks, starts with a capital. */
    static boolean endsWithCapitalisedWord(String note) {
        int end = note.length();
        while (end > 0 && (Character.isWhitespace(note.charAt(end - 1)) || ".!".indexOf(note.charAt(end - 1)) >= 0)) {
            end--;
        }
        int start = end;
        while (start > 0 && !Character.isWhitespace(note.charAt(start - 1))) {
            start--;
        }
        return start < end && Character.isUpperCase(note.codePointAt(start));
    }

    private static boolean containsIgnoringCase(String text, String word) {
        for (int i = 0; i + word.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isName(String word) {
        return !NOT_NAMES.contains(word.toLowerCase(Locale.ROOT).replace('\u2019', '\''));
    }

    private static String opening(String note) {
        return note.length() <= OPENING ? note : note.substring(0, OPENING);
    }

    private static String ending(String note) {
        String stripped = note.stripTrailing();
        return stripped.length() <= ENDING ? stripped : stripped.substring(stripped.length() - ENDING);
    }
}
