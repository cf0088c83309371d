package dev.bonafide.feedback;

/** What the recipient finally did about a screened request. */
public enum Outcome {
    /** The recipient accepted the request: evidence that it was genuine. */
    ACCEPTED,
    /** The recipient let it be: no evidence either way. */
    IGNORED,
    /** The recipient reported the request: evidence that it was inauthentic. */
    REPORTED
}
