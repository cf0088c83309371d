package dev.bonafide.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bonafide.refusal.Refusal;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each refusal has one answer, whichever endpoint it comes from. */
class RefusalAnswerTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void noRulesetIsA503WithRetryAfter() {
        Response answer = mappers.refused(Refusal.noRuleset(), null);

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(((Problem) answer.getEntity()).type()).isEqualTo("urn:bonafide:problem:no-ruleset");
    }

    @Test
    void aStoreThatCannotBeReachedIsA503SayingNothingWasStored() {
        Response answer = mappers.refused(Refusal.storeUnavailable(), null);

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(((Problem) answer.getEntity()).detail()).contains("nothing was stored");
    }

    @Test
    void anUnusableTokenAsksForABearerToken() {
        Response answer = mappers.refused(Refusal.unauthenticated("The token's name is too long."), null);

        assertThat(answer.getStatus()).isEqualTo(401);
        assertThat(answer.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    }

    @Test
    void everyKindHasAnErrorStatusAndATypeOfItsOwn() {
        Set<String> types = new HashSet<>();
        for (Refusal.Kind kind : EnumSet.allOf(Refusal.Kind.class)) {
            RefusalAnswer answer = RefusalAnswer.of(kind);
            assertThat(answer.status()).as(kind.name()).isBetween(400, 599);
            assertThat(types.add(answer.slug())).as(kind + " has its own type").isTrue();
        }
    }

    @Test
    void fairUseRoundsTheWaitUpToWholeSeconds() {
        Response answer = mappers.refused(Refusal.overFairUse("Over the rate.", 1_200), null);

        assertThat(answer.getStatus()).isEqualTo(429);
        assertThat(answer.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    }
}
