package dev.bonafide.screening;

/** Bounds on what a caller may send; documented in the README and the OpenAPI document. */
final class Limits {

    /** Counts beyond any real network are bad input, not large numbers. */
    static final long MAX_COUNT = 10_000_000L;

    /**
     * Text may hold line breaks and tabs, but no other control characters (NUL included), and no
     * lone surrogate (half of a character, which no database stores): what is stored is what was sent.
     */
    static final String NO_CONTROL_CHARACTERS = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\p{Cs}]*";

    static final String NO_CONTROL_CHARACTERS_MESSAGE = "must not contain control characters or unpaired surrogates";

    /** Ids are opaque, but printable and without white space. */
    static final String PRINTABLE_ID = "[^\\x00-\\x20\\x7F\\p{Cs}]+";

    static final String PRINTABLE_ID_MESSAGE = "must be printable characters without spaces";

    private Limits() {}
}
