package dev.bonafide.config;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Keeps each log message on one line: line breaks and other control characters in a message are
 * written as escapes ({@code \n}, {@code \u001b}), so no text that reaches a message can start a
 * line that looks like a log entry of its own. Stack traces keep their lines; the service logs its
 * own exceptions without their messages ({@link Failures}).
 */
@LoggingFilter(name = "single-line")
public final class SingleLineLogs implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (message != null && needsEscaping(message)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(escape(message), ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(escape(message));
                record.setParameters(null);
            }
        }
        return true;
    }

    private static boolean needsEscaping(String message) {
        for (int i = 0; i < message.length(); i++) {
            if (escapes(message.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean escapes(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    static String escape(String message) {
        StringBuilder out = new StringBuilder(message.length() + 16);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (escapes(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
