package dev.bonafide.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The facts of one request, by name, as the CEL rules see them: {@code Long} for counts,
 * {@code Double} for shares, {@code Boolean} and {@code String}. Every fact has a value, in the
 * order of {@link Fact}.
 */
public final class Facts {

    private static final Fact[] FACTS = Fact.values();

    /** The values by {@link Fact#ordinal()}. */
    private final Object[] values;

    /** Takes the array, which no one else may change afterwards. */
    Facts(Object[] values) {
        if (values.length != FACTS.length) {
            throw new IllegalArgumentException("expected " + FACTS.length + " facts, got " + values.length);
        }
        for (Fact fact : FACTS) {
            if (values[fact.ordinal()] == null) {
                throw new IllegalArgumentException("fact " + fact.factName() + " has no value");
            }
        }
        this.values = values;
    }

    /**
     * These facts with the requester's history in place of theirs: the request's facts are read
     * once, before the history is known, and completed when it is.
     */
    public Facts withHistory(HistoryFacts history) {
        Object[] copy = values.clone();
        putHistory(copy, history);
        return new Facts(copy);
    }

    static void putHistory(Object[] values, HistoryFacts history) {
        values[Fact.REQUESTS_LAST_HOUR.ordinal()] = history.requestsLastHour();
        values[Fact.REQUESTS_LAST_DAY.ordinal()] = history.requestsLastDay();
        values[Fact.SCREENINGS_LAST_7_DAYS.ordinal()] = history.screeningsLast7Days();
        values[Fact.DECLINED_SHARE.ordinal()] = history.declinedShare();
        values[Fact.SAME_NOTE_RECIPIENTS.ordinal()] = history.sameNoteRecipientsLast7Days();
        values[Fact.REPORTED_LAST_30_DAYS.ordinal()] = history.reportedLast30Days();
        values[Fact.ACCEPTED_LAST_30_DAYS.ordinal()] = history.acceptedLast30Days();
    }

    /** Facts restored from a stored screening, and the facts it did not have stored. */
    public record Restored(Facts facts, Set<Fact> missing) {}

    /**
     * The facts a stored screening saw: {@code stored}, the facts by name as kept with it (any
     * kind of number), and its note and headline as stored (null for none); {@code textsErased}
     * when retention erased them. A fact not stored, stored with another type, or a text erased,
     * takes its type's zero and is listed in {@link Restored#missing()}: a replay whose rules read
     * it would be a guess.
     */
    public static Restored restore(Map<String, ?> stored, String message, String headline, boolean textsErased) {
        Object[] values = new Object[FACTS.length];
        Set<Fact> missing = null;
        for (Fact fact : FACTS) {
            Object value = fact == Fact.MESSAGE || fact == Fact.HEADLINE
                    ? restoredText(fact == Fact.MESSAGE ? message : headline, textsErased)
                    : restoredValue(fact.type(), stored == null ? null : stored.get(fact.factName()));
            if (value == null) {
                if (missing == null) {
                    missing = EnumSet.noneOf(Fact.class);
                }
                missing.add(fact);
                value = zero(fact.type());
            }
            values[fact.ordinal()] = value;
        }
        return new Restored(new Facts(values), missing == null ? Set.of() : missing);
    }

    private static Object restoredText(String text, boolean erased) {
        if (erased) {
            return null;
        }
        return text == null ? "" : text;
    }

    private static Object restoredValue(FactType type, Object value) {
        return switch (type) {
            case COUNT -> value instanceof Number n && n.doubleValue() == n.longValue() ? n.longValue() : null;
            case SHARE -> value instanceof Number n ? n.doubleValue() : null;
            case BOOL -> value instanceof Boolean b ? b : null;
            case TEXT -> value instanceof String text ? text : null;
        };
    }

    private static Object zero(FactType type) {
        return switch (type) {
            case COUNT -> 0L;
            case SHARE -> 0.0;
            case BOOL -> Boolean.FALSE;
            case TEXT -> "";
        };
    }

    /** The facts by name, in the order of {@link Fact}; unmodifiable. */
    public Map<String, Object> asMap() {
        return new View();
    }

    /** The facts without the note and headline texts, which the request itself carries. */
    public Map<String, Object> withoutTexts() {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Fact fact : FACTS) {
            if (fact != Fact.MESSAGE && fact != Fact.HEADLINE) {
                copy.put(fact.factName(), values[fact.ordinal()]);
            }
        }
        return copy;
    }

    /** The value of a fact by name, or null when there is no such fact. */
    public Object value(String name) {
        Fact fact = Fact.named(name);
        return fact == null ? null : values[fact.ordinal()];
    }

    /** A fact's value as a person reads it in an explanation: "1,200", "73%", "yes". */
    public String display(Fact fact) {
        Object value = values[fact.ordinal()];
        return switch (fact.type()) {
            case COUNT -> grouped((Long) value);
            case SHARE -> Math.round((Double) value * 100) + "%";
            case BOOL -> Boolean.TRUE.equals(value) ? "yes" : "no";
            case TEXT -> String.valueOf(value);
        };
    }

    /** A whole number with a comma between groups of three digits, as English writes it: "-1,234,567". */
    static String grouped(long number) {
        String digits = Long.toString(number);
        int sign = number < 0 ? 1 : 0;
        int count = digits.length() - sign;
        if (count <= 3) {
            return digits;
        }
        StringBuilder out = new StringBuilder(digits.length() + (count - 1) / 3);
        int first = sign + ((count - 1) % 3) + 1;
        out.append(digits, 0, first);
        for (int i = first; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** The values as an unmodifiable map, without copying them. */
    private final class View extends AbstractMap<String, Object> {

        @Override
        public Object get(Object key) {
            return key instanceof String name ? value(name) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return FACTS.length;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < FACTS.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= FACTS.length) {
                                throw new NoSuchElementException();
                            }
                            Fact fact = FACTS[next++];
                            return new SimpleImmutableEntry<>(fact.factName(), values[fact.ordinal()]);
                        }
                    };
                }

                @Override
                public int size() {
                    return FACTS.length;
                }
            };
        }
    }
}
