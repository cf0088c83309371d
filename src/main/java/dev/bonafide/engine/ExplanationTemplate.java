package dev.bonafide.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * An explanation with {@code {factName}} placeholders, filled in with the request's facts when the
 * rule fires ("The requester has {requesterNetworkSize} connections" becomes "... 1,200 connections").
 */
final class ExplanationTemplate {

    /** A literal piece of text, or a fact to show. */
    private record Part(String text, Fact fact) {}

    private final Part[] parts;

    /** The explanation when it shows no fact: the same for every request. */
    private final String constant;

    /** The explanation shows the note or the headline, which are stored as placeholders. */
    private final boolean quotesText;

    private ExplanationTemplate(List<Part> parts) {
        this.parts = parts.toArray(Part[]::new);
        this.constant = parts.stream().allMatch(part -> part.fact() == null) ? render(this.parts, null) : null;
        this.quotesText = quotesText();
    }

    /** @throws IllegalArgumentException naming the placeholder that is not a fact */
    static ExplanationTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                parts.add(new Part(template.substring(i), null));
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("'{' at position " + (open + 1) + " is never closed");
            }
            if (open > i) {
                parts.add(new Part(template.substring(i, open), null));
            }
            String name = template.substring(open + 1, close).strip();
            Fact fact =
                    Fact.byName(name).orElseThrow(() -> new IllegalArgumentException("{" + name + "} is not a fact"));
            parts.add(new Part(null, fact));
            i = close + 1;
        }
        return new ExplanationTemplate(List.copyOf(parts));
    }

    /** True when the explanation shows a fact of the group. */
    boolean shows(Fact.Group group) {
        for (Part part : parts) {
            if (part.fact() != null && part.fact().group() == group) {
                return true;
            }
        }
        return false;
    }

    /** Longest explanation a screening shows; a fact such as the whole note is cut to fit. */
    static final int MAX_RENDERED_LENGTH = 2_000;

    String render(Facts facts) {
        return constant != null ? constant : render(parts, facts);
    }

    /**
     * The reason a rule gives when it fires: the explanation as shown, and as stored, where the
     * note and headline are left as their placeholders ({@code {message}}, {@code {headline}}), so
     * that a stored explanation never holds any part of them. {@link Reason#fill} shows it again.
     */
    Reason reason(Rule rule, Facts facts) {
        String shown = render(facts);
        String stored = quotesText ? stored(parts, facts) : shown;
        return new Reason(rule.id(), rule.points(), shown, rule.action(), stored);
    }

    /** True when the explanation shows the note or the headline text. */
    private boolean quotesText() {
        for (Part part : parts) {
            if (part.fact() != null && part.fact().type() == FactType.TEXT) {
                return true;
            }
        }
        return false;
    }

    private static String stored(Part[] parts, Facts facts) {
        StringBuilder out = new StringBuilder(128);
        for (Part part : parts) {
            if (part.fact() == null) {
                out.append(part.text());
            } else if (part.fact().type() == FactType.TEXT) {
                out.append('{').append(part.fact().factName()).append('}');
            } else {
                out.append(facts.display(part.fact()));
            }
        }
        return cut(out);
    }

    /**
     * A stored explanation shown with these texts in place of their placeholders, cut as
     * {@link #render} cuts. The placeholders are the only braces a stored explanation holds: a
     * template's other text has none (every brace opens a fact), nor has any other fact's value.
     */
    static String fill(String stored, String message, String headline) {
        if (stored.indexOf('{') < 0) {
            return stored;
        }
        String m = "{" + Fact.MESSAGE.factName() + "}";
        String h = "{" + Fact.HEADLINE.factName() + "}";
        StringBuilder out = new StringBuilder(stored.length() + 64);
        int i = 0;
        while (i < stored.length()) {
            if (stored.startsWith(m, i)) {
                out.append(message == null ? "" : message);
                i += m.length();
            } else if (stored.startsWith(h, i)) {
                out.append(headline == null ? "" : headline);
                i += h.length();
            } else {
                out.append(stored.charAt(i++));
            }
            if (out.length() > MAX_RENDERED_LENGTH) {
                break;
            }
        }
        return cut(out);
    }

    private static String cut(StringBuilder out) {
        if (out.length() > MAX_RENDERED_LENGTH) {
            out.setLength(MAX_RENDERED_LENGTH - 1);
            out.append('\u2026');
        }
        return out.toString();
    }

    private static String render(Part[] parts, Facts facts) {
        StringBuilder out = new StringBuilder(128);
        for (Part part : parts) {
            out.append(part.fact() == null ? part.text() : facts.display(part.fact()));
        }
        return cut(out);
    }
}
