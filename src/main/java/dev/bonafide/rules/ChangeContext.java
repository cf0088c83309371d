package dev.bonafide.rules;

import dev.bonafide.refusal.FieldError;
import dev.bonafide.refusal.Refusal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is changing the rules (the token's identity), why (X-Change-Comment), and from which version.
 * {@code If-Match} carries the version the change was based on, as the {@code ETag} of
 * {@code GET /api/v1/rules} gave it.
 */
record ChangeContext(long baseVersion, String author, String comment) {

    static final String COMMENT_HEADER = "X-Change-Comment";
    static final String ANONYMOUS = "anonymous";

    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");
    private static final Pattern PRINTABLE = Pattern.compile("[^\\x00-\\x1F\\x7F]*");

    static ChangeContext of(String ifMatch, String author, String comment) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw Refusal.versionRequired(
                    "Send If-Match with the ETag of GET /api/v1/rules (the version the change is based on), so "
                            + "that concurrent edits cannot overwrite each other.");
        }
        var matcher = ETAG.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw Refusal.invalid(
                    "If-Match must be a ruleset version as an ETag, such as \"3\".",
                    List.of(new FieldError("If-Match", "must be a ruleset version such as \"3\"")));
        }
        return new ChangeContext(
                Long.parseLong(matcher.group(1)),
                author == null || author.isBlank()
                        ? ANONYMOUS
                        : author.length() > 200 ? author.substring(0, 200) : author,
                checked(comment, COMMENT_HEADER, 1000, null));
    }

    private static String checked(String value, String header, int max, String absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        String stripped = value.strip();
        if (stripped.length() > max || !PRINTABLE.matcher(stripped).matches()) {
            throw Refusal.invalid(
                    header + " must be at most " + max + " printable characters.",
                    List.of(new FieldError(header, "must be at most " + max + " printable characters")));
        }
        return stripped;
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
