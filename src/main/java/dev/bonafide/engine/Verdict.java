package dev.bonafide.engine;

/** What the recipient is advised to do with a connection request. */
public enum Verdict {
    /** Looks genuine. */
    ACCEPT,
    /** Unclear: the recipient should look carefully. */
    REVIEW,
    /** Looks like inauthentic networking or spam. */
    DECLINE
}
