package dev.bonafide.security;

/** The roles a token's {@code groups} claim may carry. */
public final class Roles {

    /** Apps: create and read their own screenings, preview, send feedback. */
    public static final String SCREENER = "screener";
    /** Operators: change rules and thresholds. */
    public static final String RULES_ADMIN = "rules-admin";
    /** Trust and safety: read everything, change nothing (but erase a note on request). */
    public static final String AUDITOR = "auditor";

    private Roles() {}
}
