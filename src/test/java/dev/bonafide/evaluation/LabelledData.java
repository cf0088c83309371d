package dev.bonafide.evaluation;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The labelled datasets for the tests that read them: their directory, or the test is skipped with
 * where the data comes from (a fresh clone has nothing beside it), or it fails when
 * {@code -Ddatasets.required=true} says they must be there (CI).
 */
public final class LabelledData {

    private LabelledData() {}

    public static Path directoryOrSkip() {
        Path datasets = Datasets.directory();
        List<String> missing = Datasets.missing(datasets);
        if (!missing.isEmpty()) {
            String guidance = Datasets.guidance(datasets, missing);
            if (Boolean.getBoolean(Datasets.REQUIRED_PROPERTY)) {
                throw new AssertionError(guidance + System.lineSeparator() + "-D" + Datasets.REQUIRED_PROPERTY
                        + "=true is set: the tests on the labelled datasets must run here.");
            }
            System.err.println("Skipped, no labelled datasets: " + guidance);
            Assumptions.abort("skipped: " + guidance);
        }
        return datasets;
    }
}
