package dev.bonafide.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bonafide.StoppedClock;
import dev.bonafide.refusal.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each app's share of rule-evaluation CPU: charged what it took, made to wait when in debt, never others. */
class ScoringShareTest {

    private final StoppedClock clock = new StoppedClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final AtomicLong cpu = new AtomicLong();
    private final List<Long> pauses = new ArrayList<>();

    /** 100 ms of CPU a second, 100 ms at once, waits up to 500 ms; each evaluation "takes" the given CPU. */
    private ScoringShare share() {
        return new ScoringShare(
                clock,
                Duration.ofMillis(100),
                Duration.ofMillis(100),
                1_000,
                Duration.ofMillis(500),
                cpu::get,
                millis -> {
                    pauses.add(millis);
                    clock.advance(Duration.ofMillis(millis));
                });
    }

    private String evaluate(ScoringShare share, String app, Duration cost) {
        return share.evaluate(app, () -> {
            cpu.addAndGet(cost.toNanos());
            return "scored";
        });
    }

    @Test
    void cheapEvaluationsNeverWait() {
        ScoringShare share = share();
        for (int i = 0; i < 1_000; i++) {
            assertThat(evaluate(share, "ordinary", Duration.ofNanos(50_000))).isEqualTo("scored");
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(pauses).isEmpty();
    }

    @Test
    void anAppInDebtWaitsUntilItIsPaidOffAndOthersDoNot() {
        ScoringShare share = share();
        evaluate(share, "costly", Duration.ofMillis(150));
        // 100 ms burst minus 150 ms: 50 ms of debt, paid off at 100 ms a second in 500 ms.
        evaluate(share, "other", Duration.ofMillis(1));
        assertThat(pauses).isEmpty();
        evaluate(share, "costly", Duration.ofMillis(1));
        assertThat(pauses).containsExactly(500L);
    }

    @Test
    void anAppThatWouldWaitTooLongIsRefusedWithWhenToRetry() {
        ScoringShare share = share();
        evaluate(share, "costly", Duration.ofMillis(100));
        evaluate(share, "costly", Duration.ofNanos(1));
        // In debt by 1 ns: a wait of 1 ms. Now charge 80 ms more: 800 ms to pay off, over the 500 ms limit.
        share.charge("costly", Duration.ofMillis(80).toNanos());
        int pausedBefore = pauses.size();
        assertThatThrownBy(() -> evaluate(share, "costly", Duration.ofMillis(1)))
                .isInstanceOfSatisfying(Refusal.class, e -> {
                    assertThat(e.kind()).isEqualTo(Refusal.Kind.OVER_FAIR_USE);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        assertThat(pauses).hasSize(pausedBefore);
    }

    @Test
    void aDebtIsAtMostOneBurstSoAnAppIsNeverLockedOutForLong() {
        ScoringShare share = share();
        share.charge("costly", Duration.ofSeconds(60).toNanos());
        clock.advance(Duration.ofSeconds(2));
        evaluate(share, "costly", Duration.ofMillis(1));
        assertThat(pauses).isEmpty();
    }
}
