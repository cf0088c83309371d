package dev.bonafide.evaluation;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The labelled data in {@code ../shared/datasets/} (see its README): two corpora of short texts
 * labelled spam or ham, and a file of Twitter accounts labelled human or fake. Read from where they
 * lie; never copied into the project.
 */
public final class Datasets {

    public static final Path DEFAULT_DIRECTORY = Path.of("..", "shared", "datasets");

    /** System property naming another directory that holds the datasets. */
    public static final String DIRECTORY_PROPERTY = "bonafide.datasets.dir";

    /**
     * System property that makes missing datasets an error instead of a reason to skip the guard:
     * CI sets it, so that the guard can never be skipped there unnoticed. It is deliberately outside
     * the {@code bonafide.} prefix: the service's configuration mapping refuses unknown names under
     * that prefix, and Maven hands {@code -D} properties to the tests' JVM.
     */
    public static final String REQUIRED_PROPERTY = "datasets.required";

    /** Where the datasets come from, to say so wherever they are missing. */
    public static final String SOURCES = String.join(
            System.lineSeparator(),
            "The labelled datasets are public data converted to CSV (columns in docs/evaluation.md):",
            "  youtube-comments.csv: YouTube Spam Collection v1 (Alberto, Lochter, Almeida, ICMLA 2015), CC BY 4.0,",
            "    https://archive.ics.uci.edu/dataset/380/youtube+spam+collection",
            "  sms-messages.csv: SMS Spam Collection v1 (Almeida, Gomez Hidalgo, Yamakami, DocEng 2011), CC BY 4.0,",
            "    https://archive.ics.uci.edu/dataset/228/sms+spam+collection",
            "  twitter-accounts-cresci2015.csv: cresci-2015 \"Fame for sale\" (Cresci et al., Decision Support Systems 80, 2015),",
            "    https://botometer.osome.iu.edu/bot-repository/datasets.html",
            "Put the three files in ../shared/datasets/ beside the project, or point to their directory with",
            "-D" + DIRECTORY_PROPERTY + "=DIR (tests) or as the evaluation command's first argument.");

    /** The directory named by {@value #DIRECTORY_PROPERTY}, else {@link #DEFAULT_DIRECTORY}. */
    public static Path directory() {
        String named = System.getProperty(DIRECTORY_PROPERTY);
        return named == null || named.isBlank() ? DEFAULT_DIRECTORY : Path.of(named);
    }

    /** The dataset files missing from the directory; empty when all are there. */
    public static List<String> missing(Path directory) {
        List<String> missing = new ArrayList<>();
        for (String file : List.of(YOUTUBE, SMS, ACCOUNTS)) {
            if (!Files.isRegularFile(directory.resolve(file))) {
                missing.add(file);
            }
        }
        return missing;
    }

    /** What is missing where, and where to get it. */
    public static String guidance(Path directory, List<String> missing) {
        return "the labelled datasets are not in " + directory.toAbsolutePath().normalize() + " (missing "
                + String.join(", ", missing) + ")." + System.lineSeparator() + SOURCES;
    }

    public static final String YOUTUBE = "youtube-comments.csv";
    public static final String SMS = "sms-messages.csv";
    public static final String ACCOUNTS = "twitter-accounts-cresci2015.csv";

    public static final String SPAM = "spam";
    public static final String HAM = "ham";
    public static final String HUMAN = "human";
    public static final String FAKE = "fake";

    /** A text and its label ({@value #SPAM} or {@value #HAM}). */
    public record LabelledText(String label, String text) {}

    /** An account's label ({@value #HUMAN} or {@value #FAKE}) and the sizes of its network. */
    public record Account(String label, long followers, long following) {}

    private Datasets() {}

    /**
     * Checks that the directory holds the three files, with a message that says where it looked.
     *
     * @throws IllegalStateException when a file is missing
     */
    public static void requirePresent(Path directory) {
        List<String> missing = missing(directory);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(guidance(directory, missing));
        }
    }

    public static List<LabelledText> youtube(Path directory) throws IOException {
        return texts(directory.resolve(YOUTUBE));
    }

    public static List<LabelledText> sms(Path directory) throws IOException {
        return texts(directory.resolve(SMS));
    }

    public static List<Account> accounts(Path directory) throws IOException {
        Path file = directory.resolve(ACCOUNTS);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return accounts(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a {@code label,...,text} file whose labels are spam or ham. */
    public static List<LabelledText> texts(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return texts(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static List<LabelledText> texts(Reader in) throws IOException {
        List<LabelledText> texts = new ArrayList<>();
        for (Csv.Row row : Csv.readWithHeader(in)) {
            texts.add(new LabelledText(label(row, SPAM, HAM), row.get("text")));
        }
        return texts;
    }

    static List<Account> accounts(Reader in) throws IOException {
        List<Account> accounts = new ArrayList<>();
        for (Csv.Row row : Csv.readWithHeader(in)) {
            accounts.add(new Account(label(row, HUMAN, FAKE), count(row, "followers"), count(row, "following")));
        }
        return accounts;
    }

    /** The texts with repeats dropped (the first row of each text is kept, with its label). */
    public static List<LabelledText> distinct(List<LabelledText> texts) {
        Set<String> seen = new LinkedHashSet<>();
        List<LabelledText> distinct = new ArrayList<>();
        for (LabelledText text : texts) {
            if (seen.add(text.text())) {
                distinct.add(text);
            }
        }
        return distinct;
    }

    private static String label(Csv.Row row, String... allowed) {
        String label = row.get("label");
        for (String a : allowed) {
            if (a.equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "line " + row.line() + ": label '" + label + "' is none of " + List.of(allowed));
    }

    private static long count(Csv.Row row, String column) {
        try {
            long value = Long.parseLong(row.get(column).strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "line " + row.line() + ": " + column + " is not a count: '" + row.get(column) + "'");
        }
    }
}
