package dev.bonafide.classifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bonafide.config.BonafideConfig;
import dev.bonafide.config.Failures;
import dev.bonafide.engine.NoteClassifier;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Trains a scope's note classifier from an upload of labelled examples, as {@code sa-learn} does
 * from a folder of mail. The upload is read as it arrives and its tokens tallied in memory; its
 * progress is written every {@link #PROGRESS_EVERY} so any instance can show it; what it learnt is
 * added to the stored counts in one transaction at the end, so a refused or broken upload leaves
 * the model as it was.
 */
@ApplicationScoped
public class ClassifierTraining {

    private static final Logger LOG = Logger.getLogger(ClassifierTraining.class);

    /** How often a running training writes its progress. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    /** A running training that has not written its progress for this long stopped (its instance did). */
    static final Duration STALLED_AFTER = Duration.ofMinutes(2);

    @Inject
    ClassifierStore store;

    @Inject
    NoteModels models;

    @Inject
    Idempotency idempotency;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    BonafideConfig config;

    /** What to read: the upload's format, its announced length and the names of its columns. */
    public record Upload(String mediaType, Long length, String textColumn, String labelColumn) {}

    /**
     * Reads the upload, learns it and answers the training's record; a retry with the same
     * Idempotency-Key and the same bytes answers the first upload's record and learns nothing again.
     */
    public Idempotency.Outcome<TrainingView> train(
            String appId, String author, Upload upload, InputStream body, String idempotencyKey) {
        long limit = config.classifier().maxUploadSize().asLongValue();
        if (upload.length() != null && upload.length() > limit) {
            throw tooLarge(limit);
        }
        String scope = config.classifier().scope().of(appId);
        UUID id = UUID.randomUUID();
        Instant started = clock.instant();
        try {
            store.startTraining(id, scope, author, upload.length(), started);
        } catch (SQLException e) {
            throw new IllegalStateException("A training could not be stored", e);
        }
        Tally tally = new Tally(
                id,
                limit,
                config.classifier().maxUploadExamples(),
                config.classifier().maxUploadTokens());
        MessageDigest digest = sha256();
        digest.update((upload.mediaType() + "\n" + upload.textColumn() + "\n" + upload.labelColumn() + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            LabelledExamples.read(
                    upload.mediaType(),
                    new DigestInputStream(tally.counting(body), digest),
                    upload.textColumn(),
                    upload.labelColumn(),
                    json,
                    tally);
        } catch (RuntimeException e) {
            fail(id, tally, e);
            throw e;
        }
        ClassifierStore.Training done = new ClassifierStore.Training(
                id,
                scope,
                "DONE",
                started,
                clock.instant(),
                upload.length(),
                tally.bytes,
                tally.examples,
                tally.inauthentic,
                tally.genuine,
                tally.skipped,
                null);
        Idempotency.Outcome<TrainingView> outcome;
        try {
            outcome = idempotency.run(
                    "POST /api/v1/classifier/examples " + scope,
                    idempotencyKey,
                    HexFormat.of().formatHex(digest.digest()),
                    claim -> {
                        try {
                            store.finishTraining(done, tally.tokens, clock.instant(), claim);
                        } catch (SQLException e) {
                            throw new IllegalStateException("A training's counts could not be stored", e);
                        }
                        return view(read(id));
                    },
                    earlier -> view(read(UUID.fromString(earlier.resourceId()))));
        } catch (RuntimeException e) {
            fail(id, tally, e);
            throw e;
        }
        if (outcome.replayed()) {
            try {
                store.forgetTraining(id);
            } catch (SQLException e) {
                LOG.warnf("A retried training's record could not be removed: %s", Failures.describe(e));
            }
        }
        models.invalidate(appId);
        return outcome;
    }

    /** A scope's trainings, newest first, a stalled one shown as failed. */
    public List<TrainingView> trainings(String appId, int limit) {
        try {
            return store.trainings(config.classifier().scope().of(appId), limit).stream()
                    .map(this::view)
                    .toList();
        } catch (SQLException e) {
            throw new IllegalStateException("The trainings could not be read", e);
        }
    }

    private ClassifierStore.Training read(UUID id) {
        try {
            return store.training(id).orElseThrow(() -> new IllegalStateException("A training's record is missing"));
        } catch (SQLException e) {
            throw new IllegalStateException("A training could not be read", e);
        }
    }

    TrainingView view(ClassifierStore.Training t) {
        boolean stalled = "RUNNING".equals(t.state())
                && t.updatedAt().isBefore(clock.instant().minus(STALLED_AFTER));
        return TrainingView.of(t, stalled);
    }

    private void fail(UUID id, Tally tally, RuntimeException cause) {
        String reason = cause instanceof Refusal refusal
                ? refusal.getMessage()
                : "The upload could not be read or stored; send it again.";
        try {
            store.failTraining(id, tally.bytes, tally.examples, reason, clock.instant());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("A failed training could not be recorded: %s", Failures.describe(e));
        }
    }

    private static Refusal tooLarge(long limit) {
        return Refusal.tooLarge("The upload is larger than the limit of " + limit
                + " bytes (bonafide.classifier.max-upload-size); nothing was learnt. Split it in parts.");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** What an upload taught so far: the examples of each class, and every token's counts. */
    private final class Tally implements LabelledExamples.Sink {
        private final UUID id;
        private final long maxBytes;
        private final int maxExamples;
        private final int maxTokens;
        final Map<String, NoteClassifier.TokenCounts> tokens = new HashMap<>();
        long bytes;
        long examples;
        long inauthentic;
        long genuine;
        long skipped;
        private Instant reported;

        Tally(UUID id, long maxBytes, int maxExamples, int maxTokens) {
            this.id = id;
            this.maxBytes = maxBytes;
            this.maxExamples = maxExamples;
            this.maxTokens = maxTokens;
            this.reported = clock.instant();
        }

        @Override
        public void example(long line, String text, boolean isInauthentic) {
            if (++examples > maxExamples) {
                throw Refusal.invalidField(
                        "body",
                        "holds more than " + maxExamples + " examples (bonafide.classifier.max-upload-examples);"
                                + " nothing was learnt: split it in parts");
            }
            Set<String> noteTokens = NoteClassifier.tokens(text);
            if (noteTokens.isEmpty()) {
                skipped++;
            } else {
                if (isInauthentic) {
                    inauthentic++;
                } else {
                    genuine++;
                }
                long bad = isInauthentic ? 1 : 0;
                long good = isInauthentic ? 0 : 1;
                for (String token : noteTokens) {
                    tokens.merge(
                            token,
                            new NoteClassifier.TokenCounts(bad, good),
                            (a, b) -> new NoteClassifier.TokenCounts(
                                    a.inauthentic() + b.inauthentic(), a.genuine() + b.genuine()));
                }
                if (tokens.size() > maxTokens) {
                    throw Refusal.invalidField(
                            "body",
                            "teaches more than " + maxTokens + " distinct words and word pairs by line " + line
                                    + " (bonafide.classifier.max-upload-tokens); nothing was learnt: split it in parts");
                }
            }
            Instant now = clock.instant();
            if (!now.isBefore(reported.plus(PROGRESS_EVERY))) {
                reported = now;
                try {
                    store.trainingProgress(id, bytes, examples, now);
                } catch (SQLException e) {
                    throw new IllegalStateException("A training's progress could not be stored", e);
                }
            }
        }

        /** The body, counted as it is read and cut off past the limit. */
        InputStream counting(InputStream body) {
            return new FilterInputStream(body) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }
            };
        }

        private void count(int n) {
            bytes += n;
            if (bytes > maxBytes) {
                throw tooLarge(maxBytes);
            }
        }
    }
}
