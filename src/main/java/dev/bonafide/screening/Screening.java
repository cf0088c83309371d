package dev.bonafide.screening;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.Reason;
import dev.bonafide.engine.Verdict;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;

/** A stored screening: the request as received, and the verdict as answered. */
@Entity
@Table(name = "screening")
public class Screening extends PanacheEntityBase {

    /** A rule that fired, as stored with the screening. */
    @Embeddable
    public static class StoredReason {
        @Column(name = "rule_id", nullable = false)
        public String ruleId;

        @Column(nullable = false)
        public int points;

        @Enumerated(EnumType.STRING)
        public Verdict action;
        /**
         * The explanation as stored: the note and headline texts are left as their placeholders
         * ({@code {message}}, {@code {headline}}) and filled in when the screening is read, so that
         * erasing the texts erases every quotation of them ({@link Reason#fill}).
         */
        @Column(nullable = false)
        public String explanation;

        /**
         * True for explanations stored before they kept the placeholders: they may quote the texts
         * in full or cut, so erasing the texts replaces them whole.
         */
        @Column(name = "explanation_rendered", nullable = false)
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
    static final String ERASED_EXPLANATION =
            "[erased: this explanation was stored with the note or headline in it, which are erased]";

    @Id
    public UUID id;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public String message;

    @Column(name = "mutual_connections", nullable = false)
    public long mutualConnections;

    @Column(name = "requester_network_size", nullable = false)
    public long requesterNetworkSize;

    @Column(name = "requester_id")
    public String requesterId;

    @Column(name = "requester_headline")
    public String requesterHeadline;

    @Column(name = "recipient_id")
    public String recipientId;

    @Column(name = "known_to_recipient", nullable = false)
    public boolean knownToRecipient;

    @Column(nullable = false)
    public int score;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Verdict verdict;

    @Column(name = "ruleset_version", nullable = false)
    public long rulesetVersion;

    @Column(name = "note_fingerprint")
    public String noteFingerprint;

    /** The app whose token created the screening. */
    @Column(name = "app_id")
    public String appId;

    /** When the note and headline texts were erased, or null while they are kept. */
    @Column(name = "note_erased_at")
    public Instant noteErasedAt;

    /** Written once; immutable so that flushing does not compare it through JSON and update the row again. */
    @Convert(converter = FactsConverter.class)
    @Mutability(Immutability.class)
    public Map<String, Object> facts;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "screening_reason", joinColumns = @JoinColumn(name = "screening_id"))
    @OrderColumn(name = "position")
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

    /**
     * Erases the personal texts: the note and the headline. Explanations hold them only as
     * placeholders, so every quotation is erased with them; an explanation stored before the
     * placeholders were kept is replaced whole, since it may quote a cut part of a text. The
     * fingerprint, facts (which hold no text), score, verdict and the reasons' rule ids and points stay.
     */
    void eraseNote(Instant now) {
        for (StoredReason reason : reasons) {
            if (reason.rendered) {
                reason.explanation = ERASED_EXPLANATION;
                reason.rendered = false;
            }
        }
        message = null;
        requesterHeadline = null;
        noteErasedAt = now;
    }
}
