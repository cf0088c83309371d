package dev.bonafide.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.NoteFingerprint;
import dev.bonafide.engine.Screener;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.rules.ActiveRuleset;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Group commit: what a batch of screenings stored together looks like, and how one failure is kept to itself. */
@QuarkusTest
class GroupCommitTest {

    @Inject
    GroupCommit writer;

    @Inject
    ActiveRuleset rules;

    @Inject
    ScreeningService screenings;

    @Inject
    Screener screener;

    private static final Idempotency.Claim NO_KEY = new Idempotency.Claim() {
        @Override
        public void record(int status, String resourceId) {}

        @Override
        public void record(Connection connection, int status, String resourceId) {}
    };

    private GroupCommit.Pending pending(String requesterId, String recipientId, String message) {
        ScreeningRequest request = new ScreeningRequest(
                message,
                3L,
                250L,
                requesterId == null ? null : new ScreeningRequest.Requester(requesterId, null),
                recipientId,
                false);
        CompiledRuleset ruleset = rules.current().orElseThrow();
        return new GroupCommit.Pending(
                "writer-test-app",
                request,
                request.toEngine(),
                NoteFingerprint.of(message),
                ruleset,
                NO_KEY,
                screener.facts(request.toEngine()));
    }

    @Test
    void roundsHoldEachRequesterOnce() {
        List<GroupCommit.Pending> batch = List.of(
                pending("a", "r1", "hi"),
                pending("b", "r1", "hi"),
                pending("a", "r2", "hi"),
                pending(null, "r3", "hi"),
                pending("a", "r3", "hi"),
                pending("b", "r4", "hi"));

        assertThat(GroupCommit.rounds(batch)).containsExactly(List.of(0, 1, 3), List.of(2, 5), List.of(4));
    }

    @Test
    void screeningsOfOneRequesterInOneBatchCountEachOther() throws Exception {
        String requester = "batch-" + UUID.randomUUID();
        String note = "We met at the data meetup in Lyon; I would like to stay in touch.";
        List<GroupCommit.Pending> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(pending(requester, "recipient-" + i, note));
        }
        batch.add(pending(null, "recipient-x", note));

        writer.store(batch);

        for (int i = 0; i < 4; i++) {
            GroupCommit.Stored stored = batch.get(i).stored.get(5, TimeUnit.SECONDS);
            assertThat(stored.screening().facts)
                    .containsEntry("requesterRequestsLastHour", (long) i)
                    .containsEntry("sameNoteRecipientsLast7Days", (long) i);
            assertThat(screenings.find(batch.get(i).id, null)).isPresent();
        }
        assertThat(batch.get(4).stored.get(5, TimeUnit.SECONDS).screening().facts)
                .containsEntry("requesterRequestsLastHour", 0L);
    }

    @Test
    void aScreeningTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
        // Longer than the message column holds: only the database refuses it (the API would answer 400 first).
        String tooLong = "x".repeat(5001);
        List<GroupCommit.Pending> batch = List.of(
                pending("ok-" + UUID.randomUUID(), "r1", "Hello there, we met last week."),
                pending("bad-" + UUID.randomUUID(), "r2", tooLong),
                pending(null, "r3", "Hello again."));

        writer.store(batch);

        assertThat(batch.get(0).stored.get(5, TimeUnit.SECONDS).screening().id).isEqualTo(batch.get(0).id);
        assertThat(batch.get(2).stored.get(5, TimeUnit.SECONDS).screening().id).isEqualTo(batch.get(2).id);
        assertThatThrownBy(() -> batch.get(1).stored.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(GroupCommit.StoreFailed.class);
        assertThat(screenings.find(batch.get(0).id, null)).isPresent();
        assertThat(screenings.find(batch.get(1).id, null)).isEmpty();
        assertThat(screenings.find(batch.get(2).id, null)).isPresent();
    }

    @Test
    void onceTheServiceIsAskedToStopNewScreeningsAreRefusedAndTheQueuedOnesStored() throws Exception {
        // quarkus.shutdown.delay is not set in tests: screenings are refused from the stop on.
        GroupCommit.Pending queued = pending("stop-" + UUID.randomUUID(), "r1", "Queued before the stop.");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        writer.seams(
                () -> {
                    held.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                null,
                null);
        try {
            CompletableFuture<GroupCommit.Stored> stored = writer.submit(queued);
            assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();

            writer.draining(new ShutdownDelayInitiatedEvent());
            GroupCommit.Pending late = pending("stop-" + UUID.randomUUID(), "r2", "Sent after the stop.");
            assertThatThrownBy(() -> writer.submit(late)).isInstanceOf(GroupCommit.Stopping.class);

            release.countDown();
            assertThat(stored.get(5, TimeUnit.SECONDS).screening().id).isEqualTo(queued.id);
            assertThat(screenings.find(queued.id, null)).isPresent();
            assertThat(screenings.find(late.id, null)).isEmpty();
        } finally {
            release.countDown();
            writer.seams(null, null, null);
            writer.resume();
        }
    }
}
