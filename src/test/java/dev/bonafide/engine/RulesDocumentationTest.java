package dev.bonafide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The facts are part of the API: the operators' page lists every one with its CEL type and its description. */
class RulesDocumentationTest {

    @Test
    void everyFactIsDocumentedWithItsTypeAndDescription() throws IOException {
        String page = Files.readString(Path.of("docs/rules.md"));
        for (Fact fact : Fact.values()) {
            assertThat(page)
                    .as("docs/rules.md row for %s", fact.factName())
                    .contains("| `" + fact.factName() + "` | " + fact.type().celName() + " | " + fact.description()
                            + " |");
        }
    }

    @Test
    void documentedLimitsMatchTheCompiler() throws IOException {
        String page = Files.readString(Path.of("docs/rules.md"));
        assertThat(page).contains("| expression length | 1,000 characters |");
        assertThat(RulesetCompiler.MAX_EXPRESSION_LENGTH).isEqualTo(1_000);
        assertThat(page).contains("| nesting depth of the expression | " + RulesetCompiler.MAX_NESTING_DEPTH + " |");
        assertThat(page).contains("| rules in a ruleset | " + RulesetCompiler.MAX_RULES + " |");
    }
}
