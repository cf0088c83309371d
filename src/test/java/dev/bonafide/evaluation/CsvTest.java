package dev.bonafide.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    private static List<List<String>> fields(String text) throws IOException {
        return Csv.parse(new StringReader(text)).stream().map(Csv.Record::fields).toList();
    }

    @Test
    void readsPlainAndQuotedFields() throws IOException {
        assertThat(fields("a,b,c\n1,\"two, too\",3\n"))
                .containsExactly(List.of("a", "b", "c"), List.of("1", "two, too", "3"));
    }

    @Test
    void doubledQuotesAreOneQuote() throws IOException {
        assertThat(fields("\"she said \"\"hi\"\"\",\"\"\n"))
                .containsExactly(List.of("she said \"hi\"", ""));
    }

    @Test
    void quotedFieldsKeepLineBreaksAndRecordsKeepTheirFirstLine() throws IOException {
        List<Csv.Record> records = Csv.parse(new StringReader("x,y\r\n1,\"first\r\nsecond\"\r\n2,z\r\n"));

        assertThat(records).extracting(Csv.Record::fields).containsExactly(
                List.of("x", "y"), List.of("1", "first\r\nsecond"), List.of("2", "z"));
        assertThat(records).extracting(Csv.Record::line).containsExactly(1, 2, 4);
    }

    @Test
    void crlfLfAndAMissingFinalLineBreakAllEndRecords() throws IOException {
        assertThat(fields("a\r\nb\nc")).containsExactly(List.of("a"), List.of("b"), List.of("c"));
        assertThat(fields("")).isEmpty();
        assertThat(fields("a,\n")).containsExactly(List.of("a", ""));
    }

    @Test
    void byteOrderMarkIsDropped() throws IOException {
        assertThat(fields("\uFEFFlabel,text\n")).containsExactly(List.of("label", "text"));
    }

    @Test
    void malformedQuotingIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> fields("a\n\"open,b\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("never closed");
        assertThatThrownBy(() -> fields("a,b\n\"x\"y,z\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("after the closing quote");
        assertThatThrownBy(() -> fields("a,b\nx\"y,z\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not quoted");
    }

    @Test
    void rowsAreReadByTheNamesOfTheHeader() throws IOException {
        List<Csv.Row> rows = Csv.readWithHeader(new StringReader("label,text\nham,\"hello, there\"\nspam,buy\n"));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("text")).isEqualTo("hello, there");
        assertThat(rows.get(1).get("label")).isEqualTo("spam");
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThatThrownBy(() -> rows.get(0).get("video")).hasMessageContaining("no column 'video'");
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsAnError() {
        assertThatThrownBy(() -> Csv.readWithHeader(new StringReader("label,text\nham\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2: 1 fields where the header has 2");
    }
}
