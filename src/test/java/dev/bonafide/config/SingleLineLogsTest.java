package dev.bonafide.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** A message cannot start a log line of its own. */
class SingleLineLogsTest {

    private final SingleLineLogs filter = new SingleLineLogs();

    @Test
    void aLineBreakInAParameterIsEscaped() {
        ExtLogRecord record = new ExtLogRecord(
                Level.WARNING, "Refused %s", ExtLogRecord.FormatStyle.PRINTF, SingleLineLogsTest.class.getName());
        record.setParameters(new Object[] {"x\r\n2026-01-01 00:00:00.000 ERROR [forged] FORGED\u2028\u001b[2J"});

        assertThat(filter.isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage())
                .isEqualTo("Refused x\\r\\n2026-01-01 00:00:00.000 ERROR [forged] FORGED\\u2028\\u001b[2J")
                .doesNotContain("\n")
                .doesNotContain("\r");
    }

    @Test
    void anOrdinaryMessageIsLeftAlone() {
        ExtLogRecord record = new ExtLogRecord(
                Level.INFO,
                "Stored %d screenings\tin one transaction",
                ExtLogRecord.FormatStyle.PRINTF,
                SingleLineLogsTest.class.getName());
        record.setParameters(new Object[] {3});

        assertThat(filter.isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage()).isEqualTo("Stored 3 screenings\tin one transaction");
    }
}
