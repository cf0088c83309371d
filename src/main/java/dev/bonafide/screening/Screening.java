package dev.bonafide.screening;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.Reason;
import dev.bonafide.engine.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored screening: the request as received, and the verdict as answered. The storage port
 * ({@link ScreeningStore}) reads and writes it; its fields are the columns of the screening tables.
 */
public class Screening {

    /** A rule that fired, as stored with the screening. */
    public static class StoredReason {
        public String ruleId;

        public int points;

        public Verdict action;
        /**
         * The explanation as stored: the note and headline texts are left as their placeholders
         * ({@code {message}}, {@code {headline}}) and filled in when the screening is read, so that
         * erasing the texts erases every quotation of them ({@link Reason#fill}).
         */
        public String explanation;

        /**
         * True for explanations stored before they kept the placeholders: they may quote the texts
         * in full or cut, so erasing the texts replaces them whole.
         */
        public boolean rendered;

        static StoredReason from(Reason reason) {
            StoredReason stored = new StoredReason();
            stored.ruleId = reason.ruleId();
            stored.points = reason.points();
            stored.action = reason.action();
            stored.explanation = reason.storedExplanation();
            return stored;
        }

        /** The explanation as the API shows it, with the screening's texts (or their erasure) quoted. */
        String shown(Screening screening) {
            if (rendered) {
                return explanation;
            }
            boolean erased = screening.noteErasedAt != null;
            return Reason.fill(
                    explanation, erased ? ERASED : screening.message, erased ? ERASED : screening.requesterHeadline);
        }
    }

    /** Shown where an explanation quoted a text that has been erased. */
    static final String ERASED = "[erased]";

    /** Replaces an explanation stored before placeholders were kept, when the texts are erased. */
    public static final String ERASED_EXPLANATION =
            "[erased: this explanation was stored with the note or headline in it, which are erased]";

    public UUID id;

    public Instant createdAt;

    public String message;

    public long mutualConnections;

    public long requesterNetworkSize;

    public String requesterId;

    public String requesterHeadline;

    public String recipientId;

    public boolean knownToRecipient;

    public int score;

    public Verdict verdict;

    public long rulesetVersion;

    public String noteFingerprint;

    /** The app whose token created the screening. */
    public String appId;

    /** When the note and headline texts were erased, or null while they are kept. */
    public Instant noteErasedAt;

    /** The facts the rules saw, without the texts. */
    public Map<String, Object> facts;

    public List<StoredReason> reasons = new ArrayList<>();

    static Screening from(
            UUID id,
            Instant createdAt,
            String appId,
            ScreeningRequest request,
            String noteFingerprint,
            Facts facts,
            Assessment assessment) {
        Screening s = new Screening();
        s.id = id;
        s.appId = appId;
        s.createdAt = createdAt;
        s.message = request.message();
        s.mutualConnections = request.mutualConnections();
        s.requesterNetworkSize = request.requesterNetworkSize();
        s.requesterId = request.requester() == null ? null : request.requester().id();
        s.requesterHeadline =
                request.requester() == null ? null : request.requester().headline();
        s.recipientId = request.recipientId();
        s.knownToRecipient = Boolean.TRUE.equals(request.knownToRecipient());
        s.noteFingerprint = noteFingerprint;
        s.facts = facts.withoutTexts();
        s.score = assessment.score();
        s.verdict = assessment.verdict();
        s.rulesetVersion = assessment.rulesetVersion();
        assessment.reasons().forEach(r -> s.reasons.add(StoredReason.from(r)));
        return s;
    }
}
