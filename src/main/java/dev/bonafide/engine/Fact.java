package dev.bonafide.engine;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every fact a rule can see. The names are part of the API: rules are written against them and
 * {@code docs/rules.md} documents them.
 */
public enum Fact {
    MUTUAL_CONNECTIONS(
            "mutualConnections",
            FactType.COUNT,
            Group.REQUEST,
            "Connections the requester and the recipient have in common."),
    REQUESTER_NETWORK_SIZE(
            "requesterNetworkSize", FactType.COUNT, Group.REQUEST, "The requester's connection or friend count."),
    KNOWN_TO_RECIPIENT(
            "knownToRecipient",
            FactType.BOOL,
            Group.REQUEST,
            "The app knows the two have met or been in contact; false when not sent."),
    HAS_REQUESTER_ID("hasRequesterId", FactType.BOOL, Group.REQUEST, "The app sent an id for the requester."),
    MESSAGE("message", FactType.TEXT, Group.REQUEST, "The note as sent, or the empty string when there is none."),
    HEADLINE("headline", FactType.TEXT, Group.REQUEST, "The requester's self-description, or the empty string."),

    HAS_NOTE("hasNote", FactType.BOOL, Group.NOTE, "The request came with a note that is not blank."),
    WORD_COUNT(
            "wordCount",
            FactType.COUNT,
            Group.NOTE,
            "Words in the note (runs of non-space characters holding a letter or digit)."),
    LINK_COUNT(
            "linkCount",
            FactType.COUNT,
            Group.NOTE,
            "Links in the note: addresses with a scheme (`https://`), starting with `www.`, or a domain followed by a path (`site.com/x`). A bare domain such as `ChinesePod.com` is not a link."),
    CAPS_SHARE(
            "capsShare",
            FactType.SHARE,
            Group.NOTE,
            "Share of the note's letters that are capitals, 0 to 1; 0 when the note has fewer than 10 letters."),
    EXCLAMATION_COUNT("exclamationCount", FactType.COUNT, Group.NOTE, "Exclamation marks in the note."),
    MONEY_AMOUNT_COUNT(
            "moneyAmountCount",
            FactType.COUNT,
            Group.NOTE,
            "Amounts of money written with a currency sign right before or after a number, at most one space between (`£100`, `$ 5`, `20€`)."),
    LONG_NUMBER_COUNT(
            "longNumberCount",
            FactType.COUNT,
            Group.NOTE,
            "Runs of five or more digits with nothing between them: phone numbers and short codes to text, not counts written with separators (`2,000,000`) or years."),
    ADDRESSES_RECIPIENT_BY_NAME(
            "addressesRecipientByName",
            FactType.BOOL,
            Group.NOTE,
            "The note opens by greeting someone by name (\"Hi Anna,\", \"Dear Dr. Okafor\", \"Hola Marta\"), not with a word anyone could be called (\"Hi there\", \"Hey beautiful\")."),
    SIGNED_WITH_NAME(
            "signedWithName",
            FactType.BOOL,
            Group.NOTE,
            "The note ends with a name after a sign-off (\"Best, Tom\", \"Thanks! Ana Souza\", \"Saludos, Marta\") or after a dash (\"- Tom\")."),
    NOTE_LANGUAGE(
            "noteLanguage",
            FactType.TEXT,
            Group.NOTE,
            "The note's language as its common words tell it, among the languages of the phrase lists: `en`, `es`, `de`, `fr` or `pt`; the empty string when the note is in another language, too short to tell, or absent."),
    INTRODUCES_SENDER(
            "introducesSender",
            FactType.BOOL,
            Group.PHRASES,
            "The note says who the sender is (\"I'm ...\", \"my name is\", \"founder of\", \"me llamo\"), or opens with the sender's name in a common form (\"Anna here\", \"Anna from the data team at Acme\")."),
    GIVES_REASON(
            "givesReason",
            FactType.BOOL,
            Group.PHRASES,
            "The note gives a reason to connect (\"I'd like to connect\", \"because\", \"to learn more\")."),
    CLAIMS_SHARED_HISTORY(
            "claimsSharedHistory",
            FactType.BOOL,
            Group.PHRASES,
            "The note claims history the two share: worked, studied, met or served together, a shared team, school or event (\"we worked together\", \"we met at\", \"former colleague\", \"trabajamos juntos\"), or \"we were at ... together\"."),
    MENTIONS_RECIPIENT_WORK(
            "mentionsRecipientWork",
            FactType.BOOL,
            Group.PHRASES,
            "The note shows knowledge of the recipient's work (\"your work\", \"your article\", \"your talk\")."),
    FLATTERS_LOOKS(
            "flattersLooks",
            FactType.BOOL,
            Group.PHRASES,
            "The note flatters the recipient's looks or picture, said to or about the recipient (\"your smile\", \"your picture\", \"you're gorgeous\")."),
    STOCK_TEMPLATE(
            "stockTemplate",
            FactType.BOOL,
            Group.PHRASES,
            "The note is stock invitation text (\"I'd like to add you to my professional network\")."),
    NETWORKER_TALK(
            "networkerTalk",
            FactType.BOOL,
            Group.PHRASES,
            "The note talks about networking for its own sake (\"open networker\", \"grow my network\")."),
    SALES_PITCH(
            "salesPitch",
            FactType.BOOL,
            Group.PHRASES,
            "The note offers to sell, asks for a call or for money, dangles a prize or promotes the sender (\"check out my\", \"book a call\", \"send money\", \"claim your prize\"): phrases, not the common words they are made of."),
    ASKS_FOR_ATTENTION(
            "asksForAttention",
            FactType.BOOL,
            Group.PHRASES,
            "The note asks for subscribers, likes, follows or views (\"subscribe\", \"check it out\", \"like this comment\"). Ordinary words in a long message; a pitch in a short one."),
    MONEY_TALK(
            "moneyTalk",
            FactType.BOOL,
            Group.PHRASES,
            "The note talks about money or buying (\"money\", \"cash\", \"buy\", \"free\"). Common in ordinary talk, so weaker evidence than `salesPitch`."),
    HEADLINE_NETWORKER(
            "headlineNetworker",
            FactType.BOOL,
            Group.PHRASES,
            "The requester's headline calls them a networker or connector (\"professional networker\", \"LION\")."),

    NOTE_INAUTHENTIC_PROBABILITY(
            "noteInauthenticProbability",
            FactType.SHARE,
            Group.LEARNT,
            "The note classifier's probability, 0 to 1, that the note is inauthentic, learnt from the feedback on the app's earlier notes; 0.5 when it knows nothing of the note's words."),
    CLASSIFIER_TRAINED(
            "classifierTrained",
            FactType.BOOL,
            Group.LEARNT,
            "The note classifier has learnt from enough notes of each kind, REPORTED and ACCEPTED (200 of each by default: `bonafide.classifier.min-examples`)."),
    CLASSIFIER_EXAMPLES(
            "classifierExamples",
            FactType.COUNT,
            Group.LEARNT,
            "Notes the classifier has learnt from, REPORTED and ACCEPTED together."),

    REQUESTS_LAST_HOUR(
            "requesterRequestsLastHour",
            FactType.COUNT,
            Group.HISTORY,
            "Requests this requester sent in this app in the hour before this one (0 without a requester id; counts stop at 1,000)."),
    REQUESTS_LAST_DAY(
            "requesterRequestsLastDay",
            FactType.COUNT,
            Group.HISTORY,
            "Requests this requester sent in this app in the 24 hours before this one (0 without a requester id; counts stop at 1,000)."),
    SCREENINGS_LAST_7_DAYS(
            "requesterScreeningsLast7Days",
            FactType.COUNT,
            Group.HISTORY,
            "This requester's screenings in this app in the 7 days before this one (0 without a requester id; counts stop at 1,000)."),
    DECLINED_SHARE(
            "requesterDeclinedShare",
            FactType.SHARE,
            Group.HISTORY,
            "Share of those screenings that were declined, 0 to 1 (of the latest 1,000; 0 when there are none)."),
    SAME_NOTE_RECIPIENTS(
            "sameNoteRecipientsLast7Days",
            FactType.COUNT,
            Group.HISTORY,
            "Other recipients in this app who got the same note from this requester in the last 7 days. Notes are compared by a fingerprint of the note lower-cased, without digits, punctuation or extra spaces; needs `recipientId`."),
    REPORTED_LAST_30_DAYS(
            "requesterReportedLast30Days",
            FactType.COUNT,
            Group.HISTORY,
            "This requester's screenings in this app in the 30 days before this one whose recipient REPORTED the request, by feedback (0 without a requester id; counts stop at 1,000)."),
    ACCEPTED_LAST_30_DAYS(
            "requesterAcceptedLast30Days",
            FactType.COUNT,
            Group.HISTORY,
            "This requester's screenings in this app in the 30 days before this one whose recipient ACCEPTED the request, by feedback (0 without a requester id; counts stop at 1,000).");

    /** Where a fact comes from. */
    public enum Group {
        REQUEST,
        NOTE,
        PHRASES,
        /** Learnt from feedback: the note classifier. */
        LEARNT,
        HISTORY
    }

    private static final Map<String, Fact> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Fact::factName, Function.identity()));

    private final String factName;
    private final FactType type;
    private final Group group;
    private final String description;

    Fact(String factName, FactType type, Group group, String description) {
        this.factName = factName;
        this.type = type;
        this.group = group;
        this.description = description;
    }

    public String factName() {
        return factName;
    }

    public FactType type() {
        return type;
    }

    public Group group() {
        return group;
    }

    public String description() {
        return description;
    }

    public static Optional<Fact> byName(String name) {
        return Optional.ofNullable(named(name));
    }

    /** The fact of this name, or null. */
    static Fact named(String name) {
        return name == null ? null : BY_NAME.get(name);
    }
}
