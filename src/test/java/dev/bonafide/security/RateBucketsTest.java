package dev.bonafide.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.StoppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The per-app buckets: bounded in number, and dropping idle ones changes no answer. */
class RateBucketsTest {

    /** Two sets of buckets asked one after the other must see the same instant. */
    private final StoppedClock clock = new StoppedClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** 10 a second in bursts of 20: full again after 2 idle seconds. */
    private RateBuckets buckets(int trackedApps) {
        return new RateBuckets(
                clock, app -> new double[] {10, 20}, trackedApps, RateBuckets.Bucket::fullAfterMillis, Runnable::run);
    }

    private int allowedInARow(RateBuckets buckets, String app) {
        int allowed = 0;
        while (buckets.take(app).allowed()) {
            allowed++;
        }
        return allowed;
    }

    @Test
    void bucketsOfAppsThatStoppedCallingAreDropped() {
        RateBuckets buckets = buckets(100_000);
        for (int i = 0; i < 5_000; i++) {
            buckets.take("app-" + i);
        }
        clock.advance(Duration.ofSeconds(2));
        buckets.take("still-calling");
        buckets.cleanUp();

        assertThat(buckets.live()).isEqualTo(1);
    }

    @Test
    void theNumberOfBucketsIsBoundedEvenWhenAllAreActive() {
        RateBuckets buckets = buckets(1_000);
        for (int i = 0; i < 5_000; i++) {
            buckets.take("app-" + i);
        }
        buckets.cleanUp();

        assertThat(buckets.live()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void aBucketIsNotDroppedBeforeItIsFullAgain() {
        RateBuckets buckets = buckets(100);
        assertThat(allowedInARow(buckets, "busy")).isEqualTo(20);

        clock.advance(Duration.ofMillis(1_900)); // 19 tokens back, not 20
        buckets.cleanUp();

        assertThat(allowedInARow(buckets, "busy")).isEqualTo(19);
    }

    @Test
    void aBucketDroppedWhenIdleAnswersExactlyAsOneKeptForever() {
        // Per app its own rate, as configured apps have; the reference keeps every bucket for a year.
        Function<String, double[]> rates = app -> switch (app) {
            case "slow" -> new double[] {1, 5};
            case "fast" -> new double[] {200, 400};
            default -> new double[] {10, 20};
        };
        RateBuckets dropping = new RateBuckets(clock, rates, 100, RateBuckets.Bucket::fullAfterMillis, Runnable::run);
        RateBuckets keeping = new RateBuckets(
                clock, rates, 100, bucket -> Duration.ofDays(365).toMillis(), Runnable::run);
        List<String> apps = List.of("slow", "fast", "other");
        Random random = new Random(7);
        List<Boolean> droppingAnswers = new ArrayList<>();
        List<Boolean> keptAnswers = new ArrayList<>();
        long dropped = 0;
        for (int step = 0; step < 20_000; step++) {
            String app = apps.get(random.nextInt(apps.size()));
            // Mostly bursts that empty buckets; sometimes a pause of any length, or one within 100 ms
            // of the time a bucket takes to fill again (2 s, 5 s), where dropping too early would show.
            long pause = switch (random.nextInt(20)) {
                case 0 -> random.nextInt(8_000);
                case 1 -> 1_900 + random.nextInt(200);
                case 2 -> 4_900 + random.nextInt(200);
                default -> random.nextInt(3);
            };
            clock.advance(Duration.ofMillis(pause));
            long before = dropping.live();
            dropping.cleanUp();
            dropped += Math.max(0, before - dropping.live());
            droppingAnswers.add(dropping.take(app).allowed());
            keptAnswers.add(keeping.take(app).allowed());
        }

        assertThat(dropped).as("buckets dropped while idle").isPositive();
        assertThat(droppingAnswers).isEqualTo(keptAnswers);
    }
}
