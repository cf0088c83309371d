package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactExtractorTest {

    private final FactExtractor extractor = new FactExtractor(PhraseBook.of(Map.of(
            "salesPitch", List.of("subscrib*", "check out my"),
            "flattersLooks", List.of("your smile"))));

    private Facts facts(String message) {
        return extractor.extract(ConnectionRequest.fromStranger(message, 0, 10));
    }

    @Test
    void countsWordsLinksCapitalsAndExclamations() {
        Facts f = facts("CHECK OUT my site https://spam.example and www.x.example or youtube.com/watch?v=1 now!!");

        assertThat(f.value("wordCount")).isEqualTo(10L);
        assertThat(f.value("linkCount")).isEqualTo(3L);
        assertThat(f.value("exclamationCount")).isEqualTo(2L);
        assertThat((Double) f.value("capsShare")).isBetween(0.1, 0.3);
    }

    @Test
    void countsAmountsOfMoneyByTheirCurrencySign() {
        assertThat(facts("It costs £100 or $ 5, and 20€ more").value("moneyAmountCount"))
                .isEqualTo(3L);
        assertThat(facts("a $ sign alone, $$, or 5 $ apart").value("moneyAmountCount"))
                .isEqualTo(1L);
        assertThat(facts("no money here, 100 of them").value("moneyAmountCount"))
                .isEqualTo(0L);
    }

    @Test
    void countsRunsOfFiveOrMoreDigits() {
        assertThat(facts("call 0800123456 or text 12345 now").value("longNumberCount"))
                .isEqualTo(2L);
        assertThat(facts("2,000,000 views since 2024, 1234 likes").value("longNumberCount"))
                .isEqualTo(0L);
        assertThat(facts("99999").value("longNumberCount")).isEqualTo(1L);
    }

    @Test
    void bareDomainWithoutPathIsNotALink() {
        assertThat(facts("I founded ChinesePod.com years ago").value("linkCount"))
                .isEqualTo(0L);
    }

    @Test
    void aHostNameIsReadWithinItsOwnToken() {
        // The dot and the slash of other tokens do not make a host name.
        assertThat(facts("Hello. Sir/Madam, and/or www").value("linkCount")).isEqualTo(0L);
        assertThat(facts("see the docs. then/now").value("linkCount")).isEqualTo(0L);
        assertThat(facts("and/or see docs.example.org/start, then/now").value("linkCount"))
                .isEqualTo(1L);
        assertThat(facts("a/b ".repeat(1250)).value("linkCount")).isEqualTo(0L);
    }

    @Test
    void shortNotesHaveNoCapsShare() {
        assertThat(facts("HI THERE").value("capsShare")).isEqualTo(0.0);
        assertThat(facts("PLEASE SUBSCRIBE NOW").value("capsShare")).isEqualTo(1.0);
    }

    @Test
    void phrasesMatchWholeWordsAndPrefixes() {
        assertThat(facts("Please SUBSCRIBE to my channel").value("salesPitch")).isEqualTo(true);
        assertThat(facts("so many subscribers!").value("salesPitch")).isEqualTo(true);
        assertThat(facts("Check-out... my channel").value("salesPitch")).isEqualTo(true);
        assertThat(facts("I love your smiles").value("flattersLooks")).isEqualTo(false);
        assertThat(facts("Love your   smile!").value("flattersLooks")).isEqualTo(true);
    }

    @Test
    void missingNoteAndHeadlineAreEmptyStrings() {
        Facts f = extractor.extract(new ConnectionRequest(null, 3, 40, "r", null, null, true));

        assertThat(f.value("message")).isEqualTo("");
        assertThat(f.value("headline")).isEqualTo("");
        assertThat(f.value("hasNote")).isEqualTo(false);
        assertThat(f.value("hasRequesterId")).isEqualTo(true);
        assertThat(f.display(Fact.REQUESTER_NETWORK_SIZE)).isEqualTo("40");
    }

    @Test
    void phraseBookRejectsUnknownKeys() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PhraseBook.of(Map.of("nonsense", List.of("x"))))
                .hasMessageContaining("nonsense");
    }
}
