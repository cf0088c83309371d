package dev.bonafide.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void noMessageOfAnyCauseIsShownAndNoLineIsForged() {
        String note = "call me on 555 0199\n2026-01-01 00:00:00.000 ERROR [forged] (main) a forged line";
        Throwable failure = new IllegalStateException(
                "wrapping: " + note,
                new SQLException("Value too long for column \"MESSAGE\": '" + note + "'", "22001", 22001));

        String line = Failures.describe(failure);
        String framed = Failures.withFrames(failure);

        assertThat(line)
                .isEqualTo("java.lang.IllegalStateException <- java.sql.SQLException (SQL state 22001, error 22001)");
        assertThat(framed)
                .doesNotContain("555 0199", "forged", "Value too long")
                .contains("root cause java.sql.SQLException", "; at dev.bonafide.config.FailuresTest")
                .doesNotContain("\n");
    }
}
