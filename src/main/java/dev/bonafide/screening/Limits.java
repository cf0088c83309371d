package dev.bonafide.screening;

/** Bounds on what a caller may send; documented in the README and the OpenAPI document. */
final class Limits {

    /** Counts beyond any real network are bad input, not large numbers. */
    static final long MAX_COUNT = 10_000_000L;

    /** Text may hold line breaks and tabs, but no other control characters (NUL included). */
    static final String NO_CONTROL_CHARACTERS = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*";
    static final String NO_CONTROL_CHARACTERS_MESSAGE = "must not contain control characters";

    /** Ids are opaque, but printable and without white space. */
    static final String PRINTABLE_ID = "[^\\x00-\\x20\\x7F]+";
    static final String PRINTABLE_ID_MESSAGE = "must be printable characters without spaces";

    private Limits() {
    }
}
