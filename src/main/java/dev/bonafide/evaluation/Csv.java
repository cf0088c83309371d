package dev.bonafide.evaluation;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for comma-separated values as RFC 4180 writes them: fields separated by commas, records
 * by CRLF or LF, a field in double quotes may hold commas, line breaks and doubled quotes ({@code ""}
 * for one {@code "}). A byte-order mark before the first field is dropped, and so is a final line
 * break. Anything else (a quote inside an unquoted field, text after a closing quote, a quote never
 * closed) is an error that names the line, rather than a guess.
 */
public final class Csv {

    private Csv() {
    }

    /** A record whose fields are read by the names of the header. */
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

    /** Reads every record, the first one being the header; each record must have as many fields as the header. */
    public static List<Row> readWithHeader(Reader in) throws IOException {
        List<Record> records = parse(in);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no header line");
        }
        List<String> header = records.get(0).fields();
        Map<String, Integer> seen = new HashMap<>();
        for (String name : header) {
            if (seen.put(name, 1) != null) {
                throw new IllegalArgumentException("line 1: column '" + name + "' appears twice");
            }
        }
        List<Row> rows = new ArrayList<>(records.size() - 1);
        for (Record record : records.subList(1, records.size())) {
            if (record.fields().size() != header.size()) {
                throw new IllegalArgumentException("line " + record.line() + ": " + record.fields().size()
                        + " fields where the header has " + header.size());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                fields.put(header.get(i), record.fields().get(i));
            }
            rows.add(new Row(record.line(), fields));
        }
        return rows;
    }

    /** One record and the line it starts on (1-based). */
    public record Record(int line, List<String> fields) {
    }

    /** Reads every record. An empty input has no records; an empty line is a record of one empty field. */
    public static List<Record> parse(Reader in) throws IOException {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;      // inside a quoted field
        boolean afterQuote = false;  // a quoted field has just closed
        boolean atFieldStart = true;
        boolean empty = true;        // nothing read yet
        int c = in.read();
        if (c == '\uFEFF') {
            c = in.read();
        }
        while (c != -1) {
            empty = false;
            int next = in.read();
            if (quoted) {
                if (c == '"') {
                    if (next == '"') {
                        field.append('"');
                        next = in.read();
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                atFieldStart = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && next == '\n') {
                    next = in.read();
                }
                fields.add(field.toString());
                records.add(new Record(recordLine, List.copyOf(fields)));
                fields.clear();
                field.setLength(0);
                afterQuote = false;
                atFieldStart = true;
                line++;
                recordLine = line;
                if (next == -1) {
                    empty = true; // a final line break ends the last record, it does not start one
                }
            } else if (afterQuote) {
                throw new IllegalArgumentException("line " + line + ": text after the closing quote of a field");
            } else if (c == '"') {
                if (!atFieldStart) {
                    throw new IllegalArgumentException("line " + line + ": a quote inside a field that is not quoted");
                }
                quoted = true;
                atFieldStart = false;
            } else {
                field.append((char) c);
                atFieldStart = false;
            }
            c = next;
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + recordLine + ": a quoted field is never closed");
        }
        if (!empty) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }
}
