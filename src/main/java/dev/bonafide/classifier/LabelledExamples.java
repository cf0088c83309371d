package dev.bonafide.classifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bonafide.refusal.FieldError;
import dev.bonafide.refusal.Refusal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Labelled examples as a team has them: JSON lines ({@code {"text": ..., "label": ...}} a line) or
 * RFC 4180 CSV with a header row naming the text and label columns. A label is {@code inauthentic}
 * (or {@code spam}, {@code 1}) or {@code genuine} (or {@code ham}, {@code 0}), in any case. Any
 * example that cannot be read refuses the whole upload, naming its line and never quoting it.
 */
final class LabelledExamples {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    /** The longest text an example may have: a screening's message limit. */
    static final int MAX_TEXT_LENGTH = 5_000;
    /** Column names are the caller's; bounded like other parameters. */
    static final int MAX_COLUMN_NAME_LENGTH = 100;

    /** Receives each example, in order. */
    interface Sink {
        void example(long line, String text, boolean inauthentic);
    }

    private LabelledExamples() {}

    /** Reads every example of an upload, in the format its media type names. */
    static void read(
            String mediaType, InputStream body, String textColumn, String labelColumn, ObjectMapper json, Sink sink) {
        try (Reader reader = new InputStreamReader(body, strictUtf8())) {
            if (CSV.equals(mediaType)) {
                readCsv(reader, textColumn, labelColumn, sink);
            } else {
                readJsonLines(new BufferedReader(reader), textColumn, labelColumn, json, sink);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw Refusal.invalidField("body", "must be UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("The upload could not be read", e);
        }
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static void readJsonLines(
            BufferedReader reader, String textField, String labelField, ObjectMapper json, Sink sink)
            throws IOException {
        long line = 0;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode example;
            try {
                example = json.readTree(text);
            } catch (JsonProcessingException e) {
                throw refused(line, "is not a JSON object");
            }
            if (example == null || !example.isObject()) {
                throw refused(line, "is not a JSON object");
            }
            JsonNode note = example.get(textField);
            if (note == null || !note.isTextual()) {
                throw refused(line, "has no text in \"" + textField + "\"");
            }
            JsonNode label = example.get(labelField);
            if (label == null || !(label.isTextual() || label.isIntegralNumber())) {
                throw refused(line, "has no label in \"" + labelField + "\"");
            }
            sink.example(line, checked(line, note.asText()), inauthentic(line, label.asText()));
        }
    }

    private static void readCsv(Reader reader, String textColumn, String labelColumn, Sink sink) throws IOException {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .get();
        CSVParser parser;
        try {
            parser = CSVParser.builder().setReader(reader).setFormat(format).get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // Commons CSV's refusals of the header row (a duplicate or empty column name, a broken quote).
            throw Refusal.invalidField("body", "the first line must name each column once");
        }
        try (CSVParser csv = parser) {
            if (!csv.getHeaderMap().containsKey(textColumn)
                    || !csv.getHeaderMap().containsKey(labelColumn)) {
                throw Refusal.invalid(
                        "Nothing was learnt: the first line must name the columns, among them \"" + textColumn
                                + "\" and \"" + labelColumn + "\" (name others with textColumn and labelColumn).",
                        List.of(new FieldError(
                                "body", "has no column \"" + textColumn + "\" or \"" + labelColumn + "\"")));
            }
            try {
                for (CSVRecord record : csv) {
                    long line = record.getRecordNumber() + 1;
                    if (!record.isConsistent()) {
                        throw refused(line, "does not have as many fields as the header");
                    }
                    sink.example(
                            line, checked(line, record.get(textColumn)), inauthentic(line, record.get(labelColumn)));
                }
            } catch (UncheckedIOException e) {
                throw refused(csv.getCurrentLineNumber(), "is not valid CSV");
            }
        }
    }

    private static String checked(long line, String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw refused(line, "has a text longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return text;
    }

    private static boolean inauthentic(long line, String label) {
        switch (label.trim().toLowerCase(Locale.ROOT)) {
            case "inauthentic", "spam", "1" -> {
                return true;
            }
            case "genuine", "ham", "0" -> {
                return false;
            }
            default -> throw refused(line, "has a label that is none of inauthentic, genuine, spam, ham, 1, 0");
        }
    }

    private static Refusal refused(long line, String problem) {
        String message = "line " + line + " " + problem;
        return Refusal.invalid("Nothing was learnt: " + message + ".", List.of(new FieldError("body", message)));
    }
}
