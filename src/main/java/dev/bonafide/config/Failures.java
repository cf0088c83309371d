package dev.bonafide.config;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Failures as logs may show them: the types in the chain of causes, SQL states and where each was
 * thrown, never a message. Messages of database drivers, JSON parsers and the rules engine quote the
 * values they failed on (a note, a rule), and a logged message is kept where retention never reaches
 * and may carry line breaks that forge log lines.
 */
public final class Failures {

    private static final int MAX_CAUSES = 8;
    private static final int FRAMES = 12;

    private Failures() {}

    /** "java.sql.BatchUpdateException (SQL state 22001, error 0) <- ...": one line, no message. */
    public static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < MAX_CAUSES; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            if (t instanceof SQLException sql) {
                out.append(" (SQL state ")
                        .append(sql.getSQLState())
                        .append(", error ")
                        .append(sql.getErrorCode())
                        .append(')');
            }
        }
        return depth == 0 ? "unknown" : out.toString();
    }

    /**
     * {@link #describe} followed by where the failure and its root cause were thrown, frame by frame,
     * on one line: a log line is one entry.
     */
    public static String withFrames(Throwable e) {
        StringBuilder out = new StringBuilder(describe(e));
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < MAX_CAUSES; depth++) {
            root = root.getCause();
        }
        frames(out, e);
        if (root != e) {
            out.append("; root cause ").append(root.getClass().getName());
            frames(out, root);
        }
        return out.toString();
    }

    private static void frames(StringBuilder out, Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
            out.append("; at ").append(frames[i]);
        }
        if (frames.length > FRAMES) {
            out.append("; ... ").append(frames.length - FRAMES).append(" more");
        }
    }

    /**
     * Whether an exception, its causes or the exceptions suppressed along the way match: a commit
     * that fails keeps the driver's error as a suppressed exception of the rollback, not as its cause.
     */
    public static boolean anyCause(Throwable e, Predicate<Throwable> test) {
        Deque<Throwable> pending = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (e != null) {
            pending.push(e);
        }
        while (!pending.isEmpty() && seen.size() < 64) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                pending.push(suppressed);
            }
        }
        return false;
    }
}
