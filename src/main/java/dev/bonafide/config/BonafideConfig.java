package dev.bonafide.config;

import dev.bonafide.classifier.ClassifierScope;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every setting of Bonafide's own, under {@code bonafide.}, with its default: the one place to read
 * what can be tuned. Quarkus' and MicroProfile's own settings stay under their prefixes in
 * {@code application.properties}.
 */
@ConfigMapping(prefix = "bonafide")
public interface BonafideConfig {

    /** Group commit of screenings. */
    Screening screening();

    /** Rulesets: how often each instance looks for a new version, and when it counts as stale. */
    Rules rules();

    /** How long a stored answer is kept for an {@code Idempotency-Key}. */
    Idempotency idempotency();

    /** Erasure of notes by age. */
    Retention retention();

    /** Fair use: requests a second per app, on each instance. */
    @WithName("rate-limit")
    RateLimit rateLimit();

    /** Token verification. */
    Auth auth();

    /** Fair use of CPU: how much rule evaluation each app may cost an instance. */
    Scoring scoring();

    /** Limits at the HTTP edge that Quarkus does not set itself. */
    Http http();

    /** Backtests: how many run at once, how large they may be, how their instances stay in touch. */
    Backtest backtest();

    /** The note classifier learnt from feedback. */
    Classifier classifier();

    /** Group commit of screenings. */
    interface Screening {
        /** Threads that commit batches of screenings. */
        @WithDefault("2")
        int writers();

        /** Screenings in one transaction at most. */
        @WithDefault("64")
        int maxBatch();

        /** Screenings waiting to be committed at most; beyond it a screening is answered 503. */
        @WithDefault("4096")
        int maxWaiting();

        /** How long a screening may wait for a writer before it is cancelled and answered 503. */
        @WithName("wait")
        @WithDefault("10S")
        Duration queueWait();

        /** How long a caller waits for a commit a writer has started before the outcome is unknown. */
        @WithDefault("10S")
        Duration commitWait();
    }

    /** Rulesets. */
    interface Rules {
        /** How often each instance looks for a new ruleset version in the database. */
        @WithDefault("250ms")
        Duration refreshInterval();

        /** How long start-up waits for the first look before it goes on without a ruleset. */
        @WithDefault("10S")
        Duration firstCheckWait();

        /** Readiness is DOWN when the last successful look is older than this. */
        @WithDefault("5S")
        Duration staleAfter();
    }

    /** Idempotency keys. */
    interface Idempotency {
        /** How long a key and its answer are kept. */
        @WithDefault("24H")
        Duration ttl();
    }

    /** Retention. */
    interface Retention {
        /** Age after which a screening's note is erased. */
        @WithDefault("90D")
        Duration notes();

        /** How often the erasure job runs (read by its schedule). */
        @WithDefault("1h")
        Duration checkInterval();
    }

    /** Fair use. */
    interface RateLimit {
        /** Requests a second an app may make on one instance. */
        @WithDefault("200")
        double requestsPerSecond();

        /** Requests an app may make at once after being idle. */
        @WithDefault("400")
        double burst();

        /** Apps whose buckets are kept at most (the least recently used is dropped first). */
        @WithDefault("10000")
        int trackedApps();

        /**
         * One bucket per app shared by every instance, kept in PostgreSQL, instead of one per app on
         * each instance (PostgreSQL only).
         */
        @WithDefault("false")
        boolean shared();

        /**
         * How long a request waits on the shared bucket at most; beyond it (or when the store fails)
         * the instance's own bucket decides.
         */
        @WithDefault("50ms")
        Duration sharedTimeout();

        /** Per-app overrides: {@code bonafide.rate-limit.app."<app id>".requests-per-second} and {@code .burst}. */
        Map<String, AppRate> app();
    }

    /** One app's fair-use override; what it leaves out comes from the defaults. */
    interface AppRate {
        OptionalDouble requestsPerSecond();

        OptionalDouble burst();
    }

    /** Fair use of CPU by rule evaluation, per app and instance. */
    interface Scoring {
        /**
         * Share of the instance's CPU that one app's rule evaluations may take: 0.05 is 100 ms of CPU a
         * second on 2 cores. The default ruleset costs about 10 µs a screening (facts and rules), so an
         * app reaches this only with rules or notes far costlier than the default's.
         */
        @WithDefault("0.05")
        double cpuShare();

        /** CPU time an app may spend at once after being idle. */
        @WithDefault("200ms")
        Duration cpuBurst();

        /** How long a screening of an app over its share waits before it is answered 429. */
        @WithDefault("1s")
        Duration maxWait();

        /**
         * Per-app overrides: {@code bonafide.scoring.app."<app id>".cpu-per-second} (CPU time a second) and
         * {@code .cpu-burst}.
         */
        Map<String, AppShare> app();
    }

    /** One app's CPU share; what it leaves out comes from the defaults. */
    interface AppShare {
        Optional<Duration> cpuPerSecond();

        Optional<Duration> cpuBurst();
    }

    /** Token verification. */
    interface Auth {
        /** How long a verified token is remembered (never past its {@code exp}). */
        @WithDefault("5M")
        Duration verifiedTokenTtl();

        /** Verified tokens remembered at most. */
        @WithDefault("10000")
        int verifiedTokens();
    }

    /** The HTTP edge. */
    interface Http {
        /** Largest request head (request line and headers) answered as a problem rather than dropped. */
        @WithDefault("20K")
        MemorySize maxHeadersSize();

        /**
         * Largest request body, but for uploads of labelled examples
         * ({@code bonafide.classifier.max-upload-size}); Quarkus' own limit,
         * {@code quarkus.http.limits.max-body-size}, must be at least the larger of the two.
         */
        @WithDefault("64K")
        MemorySize maxBodySize();
    }

    /** Backtests. */
    interface Backtest {
        /** Backtests that replay at once on one instance. */
        @WithDefault("1")
        int maxRunning();

        /** Backtests that wait for their turn on one instance at most; beyond it a start is answered 503. */
        @WithDefault("8")
        int maxQueued();

        /** Screenings a backtest reads at most (sampled or not); a larger window fails and says so. */
        @WithDefault("5000000")
        long maxScreenings();

        /** CPU time one backtest may spend replaying; beyond it the backtest fails and says so. */
        @WithDefault("10m")
        Duration maxCpu();

        /** How long finished backtests are kept. */
        @WithDefault("30d")
        Duration keep();

        /**
         * Share of one core a backtest may take while live screenings arrive: it pauses after each
         * slice of work for long enough to keep to it, so live screening keeps its latency. Alone it
         * runs at full speed.
         */
        @WithDefault("0.15")
        double liveShare();

        /** How often a running backtest writes its progress. */
        @WithDefault("1s")
        Duration progressInterval();

        /** How often each instance refreshes the heartbeat of the backtests it holds. */
        @WithDefault("5s")
        Duration heartbeat();

        /** A queued or running backtest whose heartbeat is older than this is failed: its instance is gone. */
        @WithDefault("30s")
        Duration staleAfter();
    }

    /** The note classifier. */
    interface Classifier {
        /** APP: each app's feedback teaches its own model; SHARED: one model for all apps. */
        @WithDefault("APP")
        ClassifierScope scope();

        /** Examples of each class (REPORTED and ACCEPTED notes) before the classifier counts as trained. */
        @WithDefault("200")
        int minExamples();

        /** How old an instance's snapshot of a model may be before it looks at the counts again. */
        @WithDefault("10s")
        Duration refreshInterval();

        /**
         * Tokens of all models held in memory on one instance at most (about 130 bytes each); the least
         * recently used model is dropped first, and loaded again when next needed.
         */
        @WithDefault("200000")
        long maxTokensInMemory();

        /**
         * Tokens of one model held in memory at most: those seen in the most notes (SpamAssassin keeps
         * 150,000, {@code bayes_expiry_max_db_size}); the rest stay stored and count again once they are
         * among the most seen. At most {@code max-tokens-in-memory} less one.
         */
        @WithDefault("150000")
        int maxTokensPerModel();

        /** The largest upload of labelled examples (POST /api/v1/classifier/examples). */
        @WithDefault("16M")
        MemorySize maxUploadSize();

        /** Examples one upload may hold at most. */
        @WithDefault("100000")
        int maxUploadExamples();

        /** Distinct words and word pairs one upload may teach at most (each is held in memory until it is stored). */
        @WithDefault("250000")
        int maxUploadTokens();
    }
}
