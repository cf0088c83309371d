package dev.bonafide.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.TestClock;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.RulebookFiles;
import dev.bonafide.engine.RulesetCompiler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ruleset poll survives whatever a check throws, and readiness tells when it has not succeeded for long. */
class ActiveRulesetPollTest {

    private static final String SECRET = "message.contains('rule text that must not be logged')";

    /** A store whose checks run a script; version 1 is the default ruleset, version 2 the same one renumbered. */
    static class ScriptedStore extends RulesetStore {
        final AtomicInteger checks = new AtomicInteger();
        volatile long latest = 1;
        volatile Runnable onCheck = () -> {};
        volatile Runnable onLoad = () -> {};

        @Override
        public long latestVersion() {
            checks.incrementAndGet();
            onCheck.run();
            return latest;
        }

        @Override
        public Optional<StoredRuleset> load(long version) {
            onLoad.run();
            RulesetVersion row = new RulesetVersion();
            row.version = version;
            var defaults = RulebookFiles.defaultRuleset();
            return Optional.of(new StoredRuleset(
                    row,
                    new dev.bonafide.engine.Ruleset(
                            version, defaults.acceptThreshold(), defaults.declineThreshold(), defaults.rules())));
        }
    }

    /** Throws the given throwable at the first call only. */
    private static Runnable once(Throwable thrown) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (calls.getAndIncrement() == 0) {
                sneakyThrow(thrown);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    private final ScriptedStore store = new ScriptedStore();
    private final TestClock clock = new TestClock();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private ActiveRuleset rules(Duration interval) {
        return new ActiveRuleset(
                store,
                new RulesetCompiler(),
                clock,
                registry,
                executor,
                interval,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
    }

    private double failures() {
        return registry.get("bonafide.ruleset.check.failures").counter().count();
    }

    private String allLogged() {
        StringBuilder text = new StringBuilder();
        for (LogRecord record : logged) {
            text.append(record.getMessage()).append(' ');
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(parameter).append(' ');
                }
            }
            if (record.getThrown() != null) {
                text.append(record.getThrown()).append(' ');
            }
        }
        return text.toString();
    }

    @BeforeEach
    void captureLogs() {
        Logger.getLogger(ActiveRuleset.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger(ActiveRuleset.class.getName()).removeHandler(capture);
        executor.shutdownNow();
    }

    @Test
    void anErrorInOneCheckDoesNotEndTheSchedule() throws Exception {
        ActiveRuleset rules = rules(Duration.ofMillis(20));
        rules.start();
        try {
            long deadline = System.currentTimeMillis() + 5_000;
            while (store.checks.get() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            store.onCheck = once(new OutOfMemoryError(SECRET));
            int atError = store.checks.get();
            deadline = System.currentTimeMillis() + 5_000;
            while (store.checks.get() < atError + 10 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }

            assertThat(store.checks.get()).as("checks after the error").isGreaterThanOrEqualTo(atError + 10);
            assertThat(failures()).isEqualTo(1);
        } finally {
            rules.stop();
        }
        assertThat(allLogged()).contains("java.lang.OutOfMemoryError").doesNotContain("rule text");
    }

    @Test
    void anErrorWhileLoadingANewVersionIsRetriedAtTheNextCheck() {
        ActiveRuleset rules = rules(Duration.ofMillis(250));
        rules.refresh();
        assertThat(rules.inForce()).map(r -> r.version()).contains(1L);

        store.latest = 2;
        store.onLoad = once(new StackOverflowError(SECRET));
        rules.refresh();
        assertThat(rules.inForce()).map(r -> r.version()).contains(1L);
        rules.refresh();

        assertThat(rules.inForce()).map(r -> r.version()).contains(2L);
        assertThat(failures()).isEqualTo(1);
        assertThat(allLogged()).contains("java.lang.StackOverflowError").doesNotContain("rule text");
    }

    @Test
    void readinessGoesDownWhenChecksFailForLongerThanTheStaleTimeAndComesBack() {
        ActiveRuleset rules = rules(Duration.ofMillis(250));
        RulesetReadinessCheck readiness = new RulesetReadinessCheck(rules);
        rules.refresh();
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        store.onCheck = () -> {
            throw new IllegalStateException(SECRET);
        };
        for (int i = 0; i < 19; i++) { // 19 failed checks, 250 ms apart: 4.75 s, not yet 5
            clock.advance(Duration.ofMillis(250));
            rules.refresh();
        }
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        for (int i = 0; i < 2; i++) { // 5.25 s
            clock.advance(Duration.ofMillis(250));
            rules.refresh();
        }
        HealthCheckResponse down = readiness.call();
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getData()).get().satisfies(data -> {
            assertThat(data).containsEntry("version", 1L);
            assertThat(String.valueOf(data.get("reason"))).contains("not checked against the stored versions for 52");
        });

        store.onCheck = () -> {};
        clock.advance(Duration.ofMillis(250));
        rules.refresh();
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(failures()).isEqualTo(21);
        assertThat(allLogged()).doesNotContain("rule text");
    }

    @Test
    void aStoppedPollIsNoticedEvenWithoutFailures() {
        ActiveRuleset rules = rules(Duration.ofMillis(250));
        RulesetReadinessCheck readiness = new RulesetReadinessCheck(rules);
        rules.refresh();

        clock.advance(Duration.ofSeconds(6)); // no check at all meanwhile

        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void thePollStartsWhenTheFirstCheckEndsNotBesideIt() throws Exception {
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);
        CountDownLatch firstLoad = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.onLoad = () -> {
            firstLoad.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ActiveRuleset rules = new ActiveRuleset(
                store,
                new RulesetCompiler(),
                clock,
                registry,
                pool,
                Duration.ofMillis(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        try {
            rules.start();
            assertThat(firstLoad.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100); // twenty intervals: a poll running beside the first check would have asked
            assertThat(store.checks.get()).isEqualTo(1);

            store.onLoad = () -> {};
            release.countDown();
            long deadline = System.currentTimeMillis() + 5_000;
            while (store.checks.get() < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(store.checks.get()).isGreaterThanOrEqualTo(3);
            assertThat(rules.current())
                    .get()
                    .extracting(CompiledRuleset::version)
                    .isEqualTo(1L);
        } finally {
            rules.stop();
            pool.shutdownNow();
        }
    }
}
