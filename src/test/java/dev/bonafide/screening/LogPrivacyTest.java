package dev.bonafide.screening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.engine.NoteFingerprint;
import dev.bonafide.engine.Screener;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.rules.ActiveRuleset;
import dev.bonafide.web.ProblemMappers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A screening the database refuses leaves no part of its note in the logs, not even at debug level. */
@QuarkusTest
class LogPrivacyTest {

    private static final String MARKER = "private-note-7f3a";

    /** Longer than the column: only the database refuses it. The line break would start a forged line. */
    private static final String NOTE = MARKER + "\n2026-01-01 FORGED " + "x".repeat(5001);

    @Inject
    GroupCommit writer;

    @Inject
    ScreeningService screenings;

    @Inject
    ActiveRuleset rules;

    @Inject
    Screener screener;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringWriter text = new StringWriter().append(String.valueOf(message));
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            logged.add(text.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level before;

    @BeforeEach
    void captureEverything() {
        Logger ours = Logger.getLogger("dev.bonafide");
        before = ours.getLevel();
        ours.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
        Logger.getLogger("dev.bonafide").setLevel(before);
    }

    private static final Idempotency.Claim NO_KEY = new Idempotency.Claim() {
        @Override
        public void record(int status, String resourceId) {}

        @Override
        public void record(Connection connection, int status, String resourceId) {}
    };

    private GroupCommit.Pending pending(String message) {
        ScreeningRequest request = new ScreeningRequest(
                message,
                3L,
                250L,
                new ScreeningRequest.Requester("log-" + UUID.randomUUID(), null),
                "recipient-1",
                false);
        return new GroupCommit.Pending(
                "writer-test-app",
                request,
                request.toEngine(),
                NoteFingerprint.of(message),
                rules.current().orElseThrow(),
                NO_KEY,
                screener.facts(request.toEngine()));
    }

    @Test
    void aBatchTheDatabaseRefusesLogsNoNote() throws Exception {
        List<GroupCommit.Pending> batch = new ArrayList<>(List.of(pending("Hello there."), pending(NOTE)));

        writer.store(batch);

        assertThat(batch.get(0).stored.get().screening().id).isEqualTo(batch.get(0).id);
        assertThat(batch.get(1).stored).isCompletedExceptionally();
        assertThat(logged).isNotEmpty();
        assertThat(logged).noneMatch(line -> line.contains(MARKER) || line.contains("FORGED"));
    }

    @Test
    void aScreeningTheDatabaseRefusesIsAnswered500WithoutItsNoteInAnswerOrLog() {
        ScreeningRequest request = new ScreeningRequest(
                NOTE, 3L, 250L, new ScreeningRequest.Requester("log-" + UUID.randomUUID(), null), "recipient-1", false);
        RuntimeException thrown = null;
        try {
            screenings.screen(request, "log-test-app", null);
        } catch (RuntimeException e) {
            thrown = e;
        }
        assertThat(thrown).isNotNull();

        // As the REST layer answers it.
        ProblemMappers mappers = new ProblemMappers();
        Response answer =
                thrown instanceof Refusal refusal ? mappers.refused(refusal, null) : mappers.unexpected(thrown, null);

        assertThat(answer.getStatus()).isEqualTo(500);
        assertThat(String.valueOf(answer.getEntity())).doesNotContain(MARKER);
        assertThat(logged).isNotEmpty();
        assertThat(logged).noneMatch(line -> line.contains(MARKER) || line.contains("FORGED"));
    }
}
