package dev.bonafide.web;

import java.util.List;

/** Query parameters read by hand, so that "ten" for a number is a clear 400 rather than a 404. */
public final class QueryParams {

    private QueryParams() {
    }

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
        throw ApiProblem.badRequest(name + " " + message + ".", List.of(new Problem.FieldError(name, message)));
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
        throw ApiProblem.badRequest(name + " " + message + ".", List.of(new Problem.FieldError(name, message)));
    }

    /** An instant in ISO-8601, or null when the parameter is absent. */
    public static java.time.Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            String message = "must be an ISO-8601 time such as 2026-11-27T00:00:00Z";
            throw ApiProblem.badRequest(name + " " + message + ".", List.of(new Problem.FieldError(name, message)));
        }
    }

    /** A caller's value quoted back in a message, cut to 64 characters. */
    public static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "\u2026" : text;
    }
}
