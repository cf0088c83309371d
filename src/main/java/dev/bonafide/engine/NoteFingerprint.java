package dev.bonafide.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fingerprint of a note that copies share: the note lower-cased, without digits, punctuation and
 * extra white space, hashed with SHA-256. "Hi Ann, let's connect!" and "hi bob  lets connect" differ;
 * "Hi! Let's connect (2)" and "hi let's connect" do not.
 */
public final class NoteFingerprint {

    private NoteFingerprint() {}

    /** The fingerprint, or null for a note with no letters. */
    public static String of(String note) {
        if (note == null) {
            return null;
        }
        StringBuilder normal = new StringBuilder(note.length());
        boolean space = true;
        for (int i = 0; i < note.length(); ) {
            int c = note.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetter(c)) {
                normal.appendCodePoint(Character.toLowerCase(c));
                space = false;
            } else if (Character.isWhitespace(c) && !space) {
                normal.append(' ');
                space = true;
            }
        }
        String text = normal.toString().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
