package dev.bonafide.engine;

/**
 * What stored history says about the requester, counted before this request. Counts stop at
 * {@link #COUNT_CAP}: beyond it the number changes no judgement and counting it would cost more.
 */
public record HistoryFacts(
        long requestsLastHour,
        long requestsLastDay,
        long screeningsLast7Days,
        double declinedShare,
        long sameNoteRecipientsLast7Days,
        long reportedLast30Days,
        long acceptedLast30Days) {

    public static final int COUNT_CAP = 1_000;

    /** Without the feedback counts (a requester nobody has sent feedback on). */
    public HistoryFacts(
            long requestsLastHour,
            long requestsLastDay,
            long screeningsLast7Days,
            double declinedShare,
            long sameNoteRecipientsLast7Days) {
        this(requestsLastHour, requestsLastDay, screeningsLast7Days, declinedShare, sameNoteRecipientsLast7Days, 0, 0);
    }

    /** No requester id, or no history. */
    public static final HistoryFacts NONE = new HistoryFacts(0, 0, 0, 0.0, 0, 0, 0);
}
