package dev.bonafide.classifier;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.bonafide.config.BonafideConfig;
import dev.bonafide.config.Failures;
import dev.bonafide.engine.NoteClassifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The note classifier models in memory, one a scope, on every instance: each a snapshot of the
 * stored counts, looked at again in the background once it is older than
 * {@code bonafide.classifier.refresh-interval} and loaded again only when the counts changed (no
 * instance-local truth: the database holds the counts). A snapshot holds the
 * {@code max-tokens-per-model} tokens seen in the most notes; all snapshots together at most
 * {@code max-tokens-in-memory} (Caffeine, least recently used first); a model not read for an hour
 * is dropped.
 */
@ApplicationScoped
public class NoteModels {

    private static final Logger LOG = Logger.getLogger(NoteModels.class);

    /** A snapshot and the time the counts it was made from last changed (-1 when it could not be read). */
    record Loaded(NoteClassifier classifier, long changedAtMillis) {}

    private final ClassifierStore store;
    private final ClassifierScope scope;
    private final int minExamples;
    private final int maxTokensPerModel;
    private final LoadingCache<String, Loaded> models;

    public NoteModels(ClassifierStore store, BonafideConfig config) {
        BonafideConfig.Classifier settings = config.classifier();
        this.store = store;
        this.scope = settings.scope();
        this.minExamples = settings.minExamples();
        // A model heavier than the whole cache would be dropped as soon as it was loaded.
        this.maxTokensPerModel =
                (int) Math.max(1, Math.min(settings.maxTokensPerModel(), settings.maxTokensInMemory() - 1));
        this.models = Caffeine.newBuilder()
                .maximumWeight(settings.maxTokensInMemory())
                .weigher((String key, Loaded model) -> 1 + model.classifier().distinctTokens())
                .refreshAfterWrite(settings.refreshInterval())
                .expireAfterAccess(Duration.ofHours(1))
                .build(new CacheLoader<>() {
                    @Override
                    public Loaded load(String key) {
                        return read(key);
                    }

                    @Override
                    public Loaded reload(String key, Loaded old) {
                        try {
                            long changedAt = store.examples(key)
                                    .map(ClassifierStore.Examples::changedAtMillis)
                                    .orElse(0L);
                            return changedAt == old.changedAtMillis() ? old : read(key);
                        } catch (SQLException | RuntimeException e) {
                            LOG.warnf("The note classifier of a scope could not be checked: %s", Failures.describe(e));
                            return old;
                        }
                    }
                });
    }

    /** The model an app's screenings read. */
    public NoteClassifier model(String appId) {
        return models.get(scope.of(appId)).classifier();
    }

    /** Forgets the snapshot of an app's scope, so that the next read loads it (after a reset or bulk training). */
    public void invalidate(String appId) {
        models.invalidate(scope.of(appId));
    }

    private Loaded read(String key) {
        try {
            Optional<ClassifierStore.Examples> examples = store.examples(key);
            if (examples.isEmpty()) {
                return new Loaded(NoteClassifier.EMPTY, 0L);
            }
            ClassifierStore.Examples e = examples.get();
            return new Loaded(
                    new NoteClassifier(store.tokens(key, maxTokensPerModel), e.inauthentic(), e.genuine(), minExamples),
                    e.changedAtMillis());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("The note classifier of a scope could not be read: %s", Failures.describe(e));
            return new Loaded(NoteClassifier.EMPTY, -1L);
        }
    }
}
