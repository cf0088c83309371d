package dev.bonafide.config;

import dev.bonafide.engine.PhraseBook;
import dev.bonafide.engine.RulesetCompiler;
import dev.bonafide.engine.Screener;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain-Java engine, and the one clock every time-dependent part reads. */
public class EngineProducers {

    @Produces
    @Singleton
    PhraseBook phraseBook() {
        return EarlyEngine.phrases();
    }

    @Produces
    @Singleton
    Screener screener(PhraseBook phrases) {
        return new Screener(phrases);
    }

    @Produces
    @Singleton
    RulesetCompiler rulesetCompiler() {
        return EarlyEngine.compiler();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
