package dev.bonafide.console;

import dev.bonafide.refusal.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form's problems by field, as the API reported them ({@code rules[3].when} is the field
 * {@code when}), so a page shows each one under its input, with line and column for an expression.
 */
public final class FieldProblems {

    private final Map<String, List<FieldError>> byField = new LinkedHashMap<>();
    private final List<FieldError> all;

    public FieldProblems(List<FieldError> errors) {
        this.all = List.copyOf(errors);
        for (FieldError error : errors) {
            String field = error.field() == null ? "" : error.field();
            byField.computeIfAbsent(field.substring(field.lastIndexOf('.') + 1), f -> new ArrayList<>())
                    .add(error);
        }
    }

    /** The problems of one field (the last part of its name). */
    public List<FieldError> of(String field) {
        return byField.getOrDefault(field, List.of());
    }

    /** Every problem, in the order reported. */
    public List<FieldError> all() {
        return all;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }
}
