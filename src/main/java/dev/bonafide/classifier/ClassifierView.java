package dev.bonafide.classifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a note classifier model has learnt. */
@Schema(name = "Classifier")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifierView(
        @Schema(description = "APP (each app its own model) or SHARED (one for all apps): bonafide.classifier.scope.")
        ClassifierScope scope,

        @Schema(description = "The app whose model this is; absent for the shared model.", example = "my-app")
        String appId,

        @Schema(description = "REPORTED notes it learnt from.", example = "212")
        long inauthenticExamples,

        @Schema(description = "ACCEPTED notes it learnt from.", example = "640")
        long genuineExamples,

        @Schema(description = "Distinct words and word pairs it knows.", example = "5132")
        long tokens,

        @Schema(description = "Notes of each kind it needs before classifierTrained is true.", example = "200")
        int minExamples,

        @Schema(description = "Whether rules see classifierTrained true for this model.")
        boolean trained) {}
