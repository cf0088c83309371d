package dev.bonafide.classifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One upload of labelled examples: how far it was read, and what it taught. */
@Schema(name = "ClassifierTraining")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingView(
        @Schema(description = "The training's id.", example = "5b0f7c0e-8e0a-4f43-9d6e-2b7a5d1c9f10")
        UUID id,

        @Schema(
                description = "RUNNING while the upload is read, DONE once what it taught is stored, FAILED when"
                        + " it was refused or broke off (nothing it held was learnt).",
                enumeration = {"RUNNING", "DONE", "FAILED"})
        String state,

        @Schema(description = "When the upload began.") Instant startedAt,

        @Schema(description = "When its progress or state was last written.")
        Instant updatedAt,

        @Schema(
                description = "The upload's announced length (Content-Length), when it was announced.",
                example = "734112")
        Long bytesTotal,

        @Schema(description = "Bytes read so far.", example = "734112")
        long bytesRead,

        @Schema(
                description = "Share of the announced length read, 0 to 100; absent when no length was announced.",
                example = "100")
        Integer percent,

        @Schema(description = "Examples read so far.", example = "5574")
        long examplesRead,

        @Schema(description = "Examples learnt as inauthentic (when DONE).", example = "747")
        long inauthentic,

        @Schema(description = "Examples learnt as genuine (when DONE).", example = "4825")
        long genuine,

        @Schema(description = "Examples with no word to learn from (empty or only punctuation).", example = "2")
        long skipped,

        @Schema(description = "Why it failed.") String failure) {

    static final String STALLED = "The instance reading it stopped reporting progress; nothing it held was learnt."
            + " Send the upload again.";

    static TrainingView of(ClassifierStore.Training t, boolean stalled) {
        Integer percent = t.bytesTotal() == null || t.bytesTotal() == 0
                ? null
                : (int) Math.min(100, t.bytesRead() * 100 / t.bytesTotal());
        return new TrainingView(
                t.id(),
                stalled ? "FAILED" : t.state(),
                t.startedAt(),
                t.updatedAt(),
                t.bytesTotal(),
                t.bytesRead(),
                percent,
                t.examplesRead(),
                t.inauthentic(),
                t.genuine(),
                t.skipped(),
                stalled ? STALLED : t.failure());
    }
}
