package dev.bonafide.config;

import dev.bonafide.engine.PhraseBook;
import dev.bonafide.engine.RulebookFiles;
import dev.bonafide.engine.RulesetCompiler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The engine's parts that need no database (the CEL compiler, the phrase lists) made on a thread of
 * their own as the process starts, beside Quarkus' start-up, rather than after it: CEL's compiler
 * takes about a second to build cold, and the first screening waits for the ruleset it compiles.
 * The same thread compiles the shipped default ruleset once: CEL's classes are then loaded, and the
 * compiler remembers the compiled expressions, so that the ruleset in force (the stored one, most
 * often the shipped rules) compiles only what differs. {@link dev.bonafide.web.Main} starts it;
 * where nothing did (tests), the producers build the parts themselves.
 */
public final class EarlyEngine {

    private static final Logger LOG = Logger.getLogger(EarlyEngine.class);

    private static volatile CompletableFuture<RulesetCompiler> compiler;
    private static volatile CompletableFuture<PhraseBook> phrases;

    private EarlyEngine() {}

    /** Starts building the parts on a daemon thread; called once, before Quarkus starts. */
    public static synchronized void start() {
        if (compiler != null) {
            return;
        }
        CompletableFuture<RulesetCompiler> compilerFuture = new CompletableFuture<>();
        CompletableFuture<PhraseBook> phrasesFuture = new CompletableFuture<>();
        compiler = compilerFuture;
        phrases = phrasesFuture;
        Thread thread = new Thread(
                () -> {
                    complete(compilerFuture, RulesetCompiler::new);
                    complete(phrasesFuture, RulebookFiles::defaultPhrases);
                    try {
                        compilerFuture.join().compile(RulebookFiles.defaultRuleset());
                    } catch (Exception | LinkageError e) {
                        LOG.debugf(
                                "The default ruleset was not compiled ahead: %s",
                                e.getClass().getSimpleName());
                    }
                },
                "engine-early");
        thread.setDaemon(true);
        thread.start();
    }

    private static <T> void complete(CompletableFuture<T> future, Supplier<T> make) {
        try {
            future.complete(make.get());
        } catch (RuntimeException | LinkageError e) {
            future.completeExceptionally(e);
        }
    }

    /** The compiler built early, or a new one where none was started or building it failed. */
    static RulesetCompiler compiler() {
        return take(compiler, RulesetCompiler::new);
    }

    /** The phrase lists read early, or read now. */
    static PhraseBook phrases() {
        return take(phrases, RulebookFiles::defaultPhrases);
    }

    private static <T> T take(CompletableFuture<T> future, Supplier<T> otherwise) {
        if (future != null) {
            try {
                return future.join();
            } catch (RuntimeException e) {
                // Built again here, where a failure reaches start-up as it would have without this.
            }
        }
        return otherwise.get();
    }
}
