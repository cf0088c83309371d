package dev.bonafide.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.engine.Assessment;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.ConnectionRequest;
import dev.bonafide.engine.Facts;
import dev.bonafide.engine.RulebookFiles;
import dev.bonafide.engine.RulesetCompiler;
import dev.bonafide.engine.Screener;
import dev.bonafide.engine.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ordinary text with no tip-off is never DECLINEd. Notes are made from the ordinary (ham) texts of
 * the labelled corpora with the weak signs added that ordinary messages carry: a link, a phone
 * number, and a stranger with no mutual connections. Each must end REVIEW or better. The texts that
 * carry a tip-off of their own (a pitch, flattery, networker talk, stock text, a short note asking
 * for subscribers) are left out, and counted, so that the test cannot pass by leaving everything out.
 */
class OrdinaryTextTest {

    /** The facts that are tip-offs in the note itself; the history and the classifier have none here. */
    private static final Set<String> NOTE_TIP_OFFS =
            Set.of("salesPitch", "flattersLooks", "networkerTalk", "stockTemplate", "asksForAttention");

    private static List<Datasets.LabelledText> ham;
    private static final Screener SCREENER = new Screener(RulebookFiles.defaultPhrases());
    private static CompiledRuleset rules;

    @BeforeAll
    static void read() throws Exception {
        Path datasets = LabelledData.directoryOrSkip();
        ham = new ArrayList<>();
        for (List<Datasets.LabelledText> corpus : List.of(Datasets.sms(datasets), Datasets.youtube(datasets))) {
            corpus.stream().filter(t -> Datasets.HAM.equals(t.label())).forEach(ham::add);
        }
        rules = new RulesetCompiler().compile(RulebookFiles.defaultRuleset());
    }

    @Test
    void ordinaryTextWithALinkANumberAndNoMutualConnectionsIsNeverDeclined() {
        int made = 0;
        int leftOut = 0;
        List<String> declined = new ArrayList<>();
        for (int i = 0; i < ham.size(); i++) {
            String note = ham.get(i).text().strip() + " More at https://notes.example.org/item/" + i + " or call 0207 "
                    + (9460000 + i) + ".";
            ConnectionRequest request = ConnectionRequest.fromStranger(note, 0, Evaluation.STRANGER_NETWORK_SIZE);
            Facts facts = SCREENER.facts(request);
            if (NOTE_TIP_OFFS.stream().anyMatch(f -> Boolean.TRUE.equals(facts.value(f)))) {
                leftOut++;
                continue;
            }
            made++;
            Assessment assessment = rules.assess(facts);
            assertThat((Long) facts.value("linkCount")).isPositive();
            assertThat((Long) facts.value("longNumberCount")).isPositive();
            if (assessment.verdict() == Verdict.DECLINE) {
                declined.add(assessment.score() + " " + assessment.reasons());
            }
        }
        assertThat(made).as("notes made from ordinary texts").isGreaterThan(5_000);
        assertThat((double) leftOut / (made + leftOut))
                .as("share of ordinary texts left out for a tip-off of their own")
                .isLessThan(0.01);
        assertThat(declined).as("ordinary notes DECLINEd (score and reasons)").isEmpty();
    }

    @Test
    void aForeignNoteWithALinkIsJudgedOnItsOtherFacts() {
        Facts facts = SCREENER.facts(ConnectionRequest.fromStranger(
                "Ciao! Ho letto il tuo articolo sul caching, molto utile. Il mio progetto: https://example.org/progetto/1",
                0,
                Evaluation.STRANGER_NETWORK_SIZE));
        assertThat(facts.value("noteLanguage")).isEqualTo("");
        assertThat(rules.assess(facts).verdict()).isNotEqualTo(Verdict.DECLINE);
    }
}
