package dev.bonafide.screening;

import java.time.Instant;

/**
 * The times the database stores: both H2 and PostgreSQL store the years 0001 to 9999, so a time a
 * caller sends to compare with stored times must lie between them.
 */
public final class StoredTime {

    /** 0001-01-01T00:00:00Z. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** 9999-12-31T23:59:59.999999999Z. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private StoredTime() {}

    /** Whether a time is one the database stores. */
    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
