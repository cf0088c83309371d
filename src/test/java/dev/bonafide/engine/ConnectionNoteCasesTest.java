package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The team's own connection notes (src/test/resources/cases/connection-notes.yaml), each with the
 * verdict the essay implies, screened by the default ruleset.
 */
class ConnectionNoteCasesTest {

    /** What a case expects: a verdict, or only the safe direction where the essay is not clear. */
    enum Expectation {
        ACCEPT,
        REVIEW,
        DECLINE,
        NOT_ACCEPT,
        NOT_DECLINE;

        boolean allows(Verdict verdict) {
            return switch (this) {
                case ACCEPT -> verdict == Verdict.ACCEPT;
                case REVIEW -> verdict == Verdict.REVIEW;
                case DECLINE -> verdict == Verdict.DECLINE;
                case NOT_ACCEPT -> verdict != Verdict.ACCEPT;
                case NOT_DECLINE -> verdict != Verdict.DECLINE;
            };
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Case(
            String note, long mutual, long network, String headline, boolean known, Expectation expect, String why) {

        ConnectionRequest request() {
            return new ConnectionRequest(note, mutual, network, null, headline, null, known);
        }

        @Override
        public String toString() {
            return expect + ": " + why;
        }
    }

    private static final Screener SCREENER = new Screener(RulebookFiles.defaultPhrases());
    private static CompiledRuleset rules;

    @BeforeAll
    static void compile() throws RulesetCompilationException {
        rules = new RulesetCompiler().compile(RulebookFiles.defaultRuleset());
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = ConnectionNoteCasesTest.class.getResourceAsStream("/cases/connection-notes.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<Case>>() {});
        }
    }

    static Stream<Case> allCases() throws IOException {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void theVerdictIsTheOneTheEssayImplies(Case c) {
        Assessment assessment = SCREENER.screen(c.request(), rules);

        assertThat(c.expect().allows(assessment.verdict()))
                .as("%s got %s (%d): %s", c.expect(), assessment.verdict(), assessment.score(), assessment.reasons())
                .isTrue();
    }

    @Test
    void thereAreAtLeastSixtyCasesOfEveryKind() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        assertThat(cases).allSatisfy(c -> assertThat(c.why()).isNotBlank());
        assertThat(cases.stream().map(Case::expect).distinct())
                .contains(Expectation.ACCEPT, Expectation.DECLINE, Expectation.NOT_ACCEPT, Expectation.NOT_DECLINE);
    }
}
