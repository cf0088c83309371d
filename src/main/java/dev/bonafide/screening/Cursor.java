package dev.bonafide.screening;

import dev.bonafide.refusal.FieldError;
import dev.bonafide.refusal.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Where a page of screenings ended: the last screening's time and id. Pages are ordered by
 * (createdAt, id) descending, so a cursor stays correct while new screenings arrive.
 */
record Cursor(Instant createdAt, UUID id) {

    private static final String VERSION = "1";

    static Cursor after(Screening last) {
        return new Cursor(last.createdAt, last.id);
    }

    String encode() {
        String plain = VERSION + ":" + createdAt.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            Instant createdAt = Instant.ofEpochMilli(Long.parseLong(parts[1]));
            if (!StoredTime.inRange(createdAt)) {
                throw new IllegalArgumentException("cursor time out of range");
            }
            return new Cursor(createdAt, UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw Refusal.invalid(
                    "The cursor is not one this service gave out; start again without it.",
                    List.of(new FieldError("cursor", "is not a cursor from a previous page")));
        }
    }
}
