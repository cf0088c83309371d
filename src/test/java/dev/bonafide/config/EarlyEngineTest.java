package dev.bonafide.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.RulebookFiles;
import dev.bonafide.engine.Screener;
import dev.bonafide.engine.Verdict;
import org.junit.jupiter.api.Test;

/** The parts built as the process starts are the ones the producers hand out, and they work. */
class EarlyEngineTest {

    @Test
    void thePartsBuiltEarlyAreHandedOutOnceAndScore() throws Exception {
        EarlyEngine.start();
        EarlyEngine.start(); // a second start builds nothing more
        var compiler = EarlyEngine.compiler();
        var phrases = EarlyEngine.phrases();
        assertThat(EarlyEngine.compiler()).isSameAs(compiler);
        assertThat(EarlyEngine.phrases()).isSameAs(phrases);

        Assessment assessment = compiler.compile(RulebookFiles.defaultRuleset())
                .assess(new Screener(phrases)
                        .facts(ConnectionRequest.fromStranger(
                                "Hi, I'm Dana, a data engineer at Acme. I'd like to connect because I read your"
                                        + " article on stream processing.",
                                12,
                                300)));
        assertThat(assessment.verdict()).isEqualTo(Verdict.ACCEPT);
    }
}
