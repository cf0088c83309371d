package dev.bonafide.config;

import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.Screener;
import dev.bonafide.rules.ActiveRuleset;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Provider;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * Prepares the engine as the service starts, on Quarkus' worker pool beside the rest of start-up:
 * scores one made-up request (nothing is stored) against the ruleset in force once it compiled, so
 * that the first real screening finds the classes it needs loaded (the phrase lists are read by
 * {@link EarlyEngine}). The first screening does not depend on this: it would do the same work
 * itself, and waits for it when it arrives meanwhile.
 */
@ApplicationScoped
public class EngineWarmup {

    private static final Logger LOG = Logger.getLogger(EngineWarmup.class);

    void onStart(
            @Observes StartupEvent event, Provider<Screener> screener, ActiveRuleset rules, ExecutorService executor) {
        executor.execute(() -> warm(screener, rules));
    }

    private static void warm(Provider<Screener> screener, ActiveRuleset rules) {
        try {
            long started = System.nanoTime();
            Facts facts = screener.get()
                    .facts(ConnectionRequest.fromStranger(
                            "Hi, I am a data engineer and would like to connect to learn more about your work.",
                            3,
                            250));
            rules.current().ifPresent(ruleset -> ruleset.assess(facts));
            LOG.debugf("Engine prepared in %d ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.debug("Could not prepare the engine ahead of the first screening", e);
        }
    }
}
