package dev.bonafide.evaluation;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Comma-separated values as RFC 4180 writes them, read with Apache Commons CSV: the first record
 * is the header, each record must have as many fields as the header, a byte-order mark before the
 * header is dropped. Malformed quoting is an error that names the line, rather than a guess.
 */
public final class Csv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setAllowDuplicateHeaderNames(false)
            .get();

    private Csv() {}

    /** A record whose fields are read by the names of the header; {@code line} is its first line. */
    public record Row(int line, Map<String, String> fields) {

        /** The field of that column. */
        public String get(String column) {
            String value = fields.get(column);
            if (value == null) {
                throw new IllegalArgumentException("line " + line + ": no column '" + column + "'");
            }
            return value;
        }
    }

    /** Reads every record after the header; each must have as many fields as the header. */
    public static List<Row> readWithHeader(Reader in) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = FORMAT.parse(withoutByteOrderMark(in))) {
            int columns = parser.getHeaderNames().size();
            if (columns == 0) {
                throw new IllegalArgumentException("no header line");
            }
            long nextLine = parser.getCurrentLineNumber() + 1;
            try {
                for (CSVRecord record : parser) {
                    int line = (int) nextLine;
                    nextLine = parser.getCurrentLineNumber() + 1;
                    if (record.size() != columns) {
                        throw new IllegalArgumentException(
                                "line " + line + ": " + record.size() + " fields where the header has " + columns);
                    }
                    rows.add(new Row(line, record.toMap()));
                }
            } catch (UncheckedIOException e) {
                // Commons CSV reports malformed quoting this way while iterating.
                throw new IllegalArgumentException(
                        "line " + nextLine + ": malformed CSV (" + e.getCause().getMessage() + ")", e);
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed CSV (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    private static Reader withoutByteOrderMark(Reader in) throws IOException {
        PushbackReader reader = new PushbackReader(in, 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }
}
