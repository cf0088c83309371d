package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExplanationTemplateTest {

    private static final FactExtractor EXTRACTOR =
            new FactExtractor(PhraseBook.of(Map.of("salesPitch", List.of("buy"))));

    private static Facts facts(String note, long mutual, long network) {
        return EXTRACTOR.extract(
                new ConnectionRequest(note, mutual, network, null, "Open networker", null, false),
                new HistoryFacts(3, 1_234, 7, 0.6666, 0));
    }

    @Test
    void showsFactsAsAPersonReadsThem() {
        ExplanationTemplate template = ExplanationTemplate.parse(
                "{requesterNetworkSize} connections, {mutualConnections} in common, {requesterRequestsLastDay} a day, "
                        + "{requesterDeclinedShare} declined, links: { linkCount }, pitch: {salesPitch}, headline: \"{headline}\"");

        assertThat(template.render(facts("BUY NOW at www.x.example", 0, 41_000)))
                .isEqualTo(
                        "41,000 connections, 0 in common, 1,234 a day, 67% declined, links: 1, pitch: yes, headline: \"Open networker\"");
        assertThat(template.render(facts("hello", 12, 999)))
                .isEqualTo(
                        "999 connections, 12 in common, 1,234 a day, 67% declined, links: 0, pitch: no, headline: \"Open networker\"");
    }

    @Test
    void anExplanationWithoutFactsIsTheSameForEveryRequest() {
        ExplanationTemplate template = ExplanationTemplate.parse("The note gives a reason to connect.");

        String first = template.render(facts("a", 0, 1));
        assertThat(first).isEqualTo("The note gives a reason to connect.");
        assertThat(template.render(facts("b", 3, 5_000))).isSameAs(first);
        assertThat(ExplanationTemplate.parse("").render(facts("", 0, 0))).isEmpty();
    }

    @Test
    void longExplanationsAreCut() {
        String longText = "x".repeat(ExplanationTemplate.MAX_RENDERED_LENGTH + 10);

        String constant = ExplanationTemplate.parse(longText).render(facts("", 0, 0));
        String shown = ExplanationTemplate.parse("Note: {message}").render(facts(longText, 0, 0));

        assertThat(constant).hasSize(ExplanationTemplate.MAX_RENDERED_LENGTH).endsWith("x\u2026");
        assertThat(shown)
                .hasSize(ExplanationTemplate.MAX_RENDERED_LENGTH)
                .startsWith("Note: xxx")
                .endsWith("x\u2026");
    }

    @Test
    void unknownFactsAndUnclosedBracesAreRejected() {
        assertThatThrownBy(() -> ExplanationTemplate.parse("{nonsense}"))
                .hasMessageContaining("{nonsense} is not a fact");
        assertThatThrownBy(() -> ExplanationTemplate.parse("a {linkCount")).hasMessageContaining("never closed");
    }

    @Test
    void countsAreGroupedAsEnglishWritesThem() {
        long[] numbers = {
            0,
            1,
            12,
            123,
            999,
            1_000,
            1_200,
            12_345,
            999_999,
            1_000_000,
            41_000,
            123_456_789,
            -1,
            -999,
            -1_000,
            -1_234_567,
            Long.MAX_VALUE,
            Long.MIN_VALUE
        };
        for (long number : numbers) {
            assertThat(Facts.grouped(number)).isEqualTo(String.format(Locale.ENGLISH, "%,d", number));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long number = random.nextLong() >> random.nextInt(64);
            assertThat(Facts.grouped(number)).as("%d", number).isEqualTo(String.format(Locale.ENGLISH, "%,d", number));
        }
    }
}
