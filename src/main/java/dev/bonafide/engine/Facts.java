package dev.bonafide.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The facts of one request, by name, as the CEL rules see them: {@code Long} for counts,
 * {@code Double} for shares, {@code Boolean} and {@code String}.
 */
public final class Facts {

    private final Map<String, Object> values;

    Facts(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    /** The facts without the note and headline texts, which the request itself carries. */
    public Map<String, Object> withoutTexts() {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        for (Fact fact : Fact.values()) {
            if (fact.type() == FactType.TEXT) {
                copy.remove(fact.factName());
            }
        }
        return copy;
    }

    public Object value(String name) {
        return values.get(name);
    }

    /** A fact's value as a person reads it in an explanation: "1,200", "73%", "yes". */
    public String display(Fact fact) {
        Object value = values.get(fact.factName());
        return switch (fact.type()) {
            case COUNT -> String.format(Locale.ENGLISH, "%,d", (Long) value);
            case SHARE -> Math.round((Double) value * 100) + "%";
            case BOOL -> Boolean.TRUE.equals(value) ? "yes" : "no";
            case TEXT -> String.valueOf(value);
        };
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
