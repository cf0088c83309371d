package dev.bonafide.engine;

/**
 * A rule that fired, with the points it added and its explanation filled in with the request's facts.
 * {@code storedExplanation} is the explanation to store: the same, except that the note and headline
 * texts are left as their placeholders, so that erasing them erases every quotation too;
 * {@link #fill} shows it again.
 */
public record Reason(String ruleId, int points, String explanation, Verdict action, String storedExplanation) {

    /** A reason whose explanation quotes neither the note nor the headline. */
    public Reason(String ruleId, int points, String explanation, Verdict action) {
        this(ruleId, points, explanation, action, explanation);
    }

    /**
     * A stored explanation as shown: its {@code {message}} and {@code {headline}} placeholders
     * replaced by these texts (null for none, or for an erased text's mark), cut at 2,000 characters.
     */
    public static String fill(String storedExplanation, String message, String headline) {
        return ExplanationTemplate.fill(storedExplanation, message, headline);
    }
}
