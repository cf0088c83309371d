package dev.bonafide.web;

import dev.bonafide.refusal.Refusal;
import dev.bonafide.screening.StoredTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters read by hand, so that "ten" for a number is a clear 400 rather than a 404. */
public final class QueryParams {

    private QueryParams() {}

    /** A whole number between min and max, or the default when the parameter is absent. */
    public static int intBetween(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String message = "must be a whole number from " + min + " to " + max;
        throw Refusal.invalidField(name, message);
    }

    /** A positive whole number, or null when the parameter is absent. */
    public static Long positiveLong(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String message = "must be a positive whole number";
        throw Refusal.invalidField(name, message);
    }

    private static final String TIME_RANGE = "from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z";

    /** An instant in ISO-8601 in the years 0001 to 9999, or null when the parameter is absent. */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            String message = "must be an ISO-8601 time such as 2026-11-27T00:00:00Z";
            throw Refusal.invalidField(name, message);
        }
        if (!StoredTime.inRange(instant)) {
            String message = "must be a time " + TIME_RANGE;
            throw Refusal.invalidField(name, message);
        }
        return instant;
    }

    /** A screening id from the path; anything that is not a UUID names no screening (404). */
    public static java.util.UUID screeningId(String id) {
        try {
            return java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Refusal.notFound("'" + abbreviate(id) + "' is not a screening id; ids are UUIDs.");
        }
    }

    /** A caller's value quoted back in a message, cut to 64 characters. */
    public static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "\u2026" : text;
    }
}
