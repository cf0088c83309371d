package dev.bonafide.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the datasets rely on from the CSV reader. */
class CsvTest {

    private static List<Csv.Row> rows(String text) throws IOException {
        return Csv.readWithHeader(new StringReader(text));
    }

    @Test
    void readsPlainAndQuotedFieldsByTheNamesOfTheHeader() throws IOException {
        List<Csv.Row> rows = rows("label,text\nham,\"hello, there\"\nspam,buy\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("text")).isEqualTo("hello, there");
        assertThat(rows.get(1).get("label")).isEqualTo("spam");
        assertThatThrownBy(() -> rows.get(0).get("video")).hasMessageContaining("no column 'video'");
    }

    @Test
    void doubledQuotesAreOneQuote() throws IOException {
        assertThat(rows("a,b\n\"she said \"\"hi\"\"\",\"\"\n").get(0).fields())
                .containsEntry("a", "she said \"hi\"")
                .containsEntry("b", "");
    }

    @Test
    void quotedFieldsKeepLineBreaksAndRowsKeepTheirFirstLine() throws IOException {
        List<Csv.Row> rows = rows("x,y\r\n1,\"first\r\nsecond\"\r\n2,z\r\n");

        assertThat(rows).extracting(r -> r.get("y")).containsExactly("first\r\nsecond", "z");
        assertThat(rows).extracting(Csv.Row::line).containsExactly(2, 4);
    }

    @Test
    void crlfLfAndAMissingFinalLineBreakAllEndRecords() throws IOException {
        assertThat(rows("a\r\nb\nc")).extracting(r -> r.get("a")).containsExactly("b", "c");
        assertThat(rows("a,b\n1,\n").get(0).get("b")).isEmpty();
    }

    @Test
    void byteOrderMarkIsDropped() throws IOException {
        assertThat(rows("\uFEFFlabel,text\nham,hi\n").get(0).get("label")).isEqualTo("ham");
    }

    @Test
    void malformedQuotingIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> rows("a\nok\n\"open,b\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> rows("a,b\n\"x\"y,z\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("malformed");
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsAnError() {
        assertThatThrownBy(() -> rows("label,text\nham\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2: 1 fields where the header has 2");
        assertThatThrownBy(() -> rows(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no header");
    }
}
