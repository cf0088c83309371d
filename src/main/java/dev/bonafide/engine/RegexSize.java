package dev.bonafide.engine;

/**
 * An upper estimate of the number of instructions RE2 compiles a pattern into, read from the
 * pattern's text without compiling it. Matching costs the note's length times this number, and
 * compiling a pattern such as {@code (a{1,1000}){1,1000}} would itself build a million
 * instructions, so the estimate has to come before the compiler. Counted repetition multiplies
 * (a counted repeat copies its operand once per count), alternation and groups add.
 *
 * <p>Malformed patterns are estimated as far as they read; RE2 reports their syntax error
 * afterwards.
 */
final class RegexSize {

    /** Beyond this the estimate stops growing: the pattern is refused anyway. */
    private static final long CAP = 1L << 40;

    private final String pattern;
    private int position;

    private RegexSize(String pattern) {
        this.pattern = pattern;
    }

    static long of(String pattern) {
        RegexSize reader = new RegexSize(pattern);
        long size = 0;
        while (reader.position < pattern.length()) {
            // A stray ')' ends the top level early; read on past it.
            size = add(size, reader.alternation());
            reader.position++;
        }
        return Math.max(size, 1);
    }

    private long alternation() {
        long size = concatenation();
        while (position < pattern.length() && pattern.charAt(position) == '|') {
            position++;
            size = add(size, add(concatenation(), 1));
        }
        return size;
    }

    private long concatenation() {
        long size = 0;
        while (position < pattern.length()) {
            char c = pattern.charAt(position);
            if (c == '|' || c == ')') {
                break;
            }
            size = add(size, repetitions(atom()));
        }
        return size;
    }

    private long atom() {
        char c = pattern.charAt(position++);
        switch (c) {
            case '(' -> {
                if (position < pattern.length() && pattern.charAt(position) == '?') {
                    skipGroupFlags();
                }
                long inner = alternation();
                if (position < pattern.length() && pattern.charAt(position) == ')') {
                    position++;
                }
                return add(inner, 2);
            }
            case '[' -> {
                skipClass();
                return 1;
            }
            case '\\' -> {
                return escape();
            }
            default -> {
                return 1;
            }
        }
    }

    /** {@code (?i)}, {@code (?:}, {@code (?P<name>}: flags and names cost nothing. */
    private void skipGroupFlags() {
        position++;
        if (position < pattern.length() && pattern.charAt(position) == 'P') {
            int close = pattern.indexOf('>', position);
            position = close < 0 ? pattern.length() : close + 1;
            return;
        }
        while (position < pattern.length()) {
            char c = pattern.charAt(position);
            if (c == ':') {
                position++;
                return;
            }
            if (c == ')') {
                return;
            }
            position++;
        }
    }

    private void skipClass() {
        if (position < pattern.length() && pattern.charAt(position) == '^') {
            position++;
        }
        // A ']' first in a class is a literal.
        if (position < pattern.length() && pattern.charAt(position) == ']') {
            position++;
        }
        while (position < pattern.length()) {
            char c = pattern.charAt(position++);
            if (c == '\\') {
                position++;
            } else if (c == '[' && position < pattern.length() && pattern.charAt(position) == ':') {
                int close = pattern.indexOf(":]", position);
                position = close < 0 ? pattern.length() : close + 2;
            } else if (c == ']') {
                return;
            }
        }
    }

    private long escape() {
        if (position >= pattern.length()) {
            return 1;
        }
        char c = pattern.charAt(position++);
        if (c == 'Q') {
            int end = pattern.indexOf("\\E", position);
            int stop = end < 0 ? pattern.length() : end;
            long literal = stop - position;
            position = end < 0 ? pattern.length() : end + 2;
            return Math.max(literal, 1);
        }
        if ((c == 'p' || c == 'P' || c == 'x') && position < pattern.length() && pattern.charAt(position) == '{') {
            int close = pattern.indexOf('}', position);
            position = close < 0 ? pattern.length() : close + 1;
        }
        return 1;
    }

    private long repetitions(long operand) {
        long size = operand;
        while (position < pattern.length()) {
            char c = pattern.charAt(position);
            if (c == '*' || c == '+' || c == '?') {
                position++;
                size = add(size, 1);
            } else if (c == '{') {
                long copies = countedRepeat();
                if (copies < 0) {
                    return size;
                }
                size = add(mul(size, copies), copies);
            } else {
                return size;
            }
            // A lazy quantifier's '?' belongs to the quantifier.
            if (position < pattern.length() && pattern.charAt(position) == '?') {
                position++;
            }
        }
        return size;
    }

    /**
     * Reads {@code {n}}, {@code {n,}} or {@code {n,m}} and returns how many copies of the operand
     * it compiles to; -1, reading nothing, when the brace is a literal.
     */
    private long countedRepeat() {
        int close = pattern.indexOf('}', position);
        if (close < 0) {
            return -1;
        }
        String body = pattern.substring(position + 1, close);
        int comma = body.indexOf(',');
        String min = comma < 0 ? body : body.substring(0, comma);
        String max = comma < 0 ? body : body.substring(comma + 1);
        if (!digits(min) || !(max.isEmpty() || digits(max))) {
            return -1;
        }
        position = close + 1;
        long low = number(min);
        long high = max.isEmpty() ? low + 1 : number(max);
        return Math.max(Math.max(low, high), 1);
    }

    private static boolean digits(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long number(String text) {
        return Long.parseLong(text);
    }

    private static long add(long a, long b) {
        return Math.min(CAP, a + b);
    }

    private static long mul(long a, long b) {
        return a > CAP / Math.max(b, 1) ? CAP : Math.min(CAP, a * b);
    }
}
