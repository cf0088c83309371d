package dev.bonafide.classifier;

import dev.bonafide.config.BonafideConfig;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.security.Caller;
import dev.bonafide.security.FairUse;
import dev.bonafide.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the note classifier has learnt from feedback, and forgetting it. */
@Path("/api/v1/classifier")
@Tag(name = "Classifier", description = "The note classifier learnt from feedback: what it knows, and a reset.")
@Produces(MediaType.APPLICATION_JSON)
@FairUse
public class ClassifierResource {

    /** One line of JSON lines (the OpenAPI scanner keeps no more of an example that starts like JSON). */
    static final String NDJSON_EXAMPLE = """
            {"text": "Hi Ana, we met at the Lisbon data meetup; I'd like to stay in touch.", "label": "genuine"}""";

    static final String CSV_EXAMPLE = """
            text,label
            "Hi Ana, we met at the Lisbon data meetup; I'd like to stay in touch.",genuine
            "Earn $500 a day from home, reply YES to join my team!",inauthentic
            """;

    static final String TRAINING_EXAMPLE = """
            {"id": "5b0f7c0e-8e0a-4f43-9d6e-2b7a5d1c9f10", "state": "DONE",
             "startedAt": "2026-12-07T14:02:11.204Z", "updatedAt": "2026-12-07T14:02:12.951Z",
             "bytesTotal": 488512, "bytesRead": 488512, "percent": 100, "examplesRead": 5574,
             "inauthentic": 747, "genuine": 4825, "skipped": 2}""";

    static final String EXAMPLE = """
            {"scope": "APP", "appId": "my-app", "inauthenticExamples": 212, "genuineExamples": 640,
             "tokens": 5132, "minExamples": 200, "trained": true}""";

    @Inject
    ClassifierStore store;

    @Inject
    NoteModels models;

    @Inject
    Caller caller;

    @Inject
    BonafideConfig config;

    @Inject
    ClassifierTraining training;

    @GET
    @RolesAllowed({Roles.SCREENER, Roles.AUDITOR, Roles.RULES_ADMIN})
    @Operation(
            summary = "Read what the note classifier has learnt",
            description = "The examples of each kind and the words it knows, for the calling app's model (an app "
                    + "reads only its own); auditors and rules-admins name the app with appId. With the shared "
                    + "scope there is one model, and appId is ignored.")
    @APIResponse(
            responseCode = "200",
            description = "The model's figures.",
            content =
                    @Content(
                            schema = @Schema(implementation = ClassifierView.class),
                            examples = @ExampleObject(name = "trained", value = EXAMPLE)))
    @APIResponse(responseCode = "400", description = "appId is missing (auditors and rules-admins) or too long.")
    @APIResponse(responseCode = "403", description = "An app asked for another app's model.")
    public ClassifierView readClassifier(
            @Parameter(description = "The app whose model to read; an app may name only itself.", example = "my-app")
                    @QueryParam("appId")
                    String appId) {
        return view(app(appId));
    }

    @DELETE
    @RolesAllowed(Roles.RULES_ADMIN)
    @Operation(
            summary = "Forget what the note classifier learnt",
            description = "Resets an app's model (or the shared one) to nothing: its rules see classifierTrained "
                    + "false until feedback teaches it again. Every instance sees it within "
                    + "bonafide.classifier.refresh-interval. Resetting an empty model changes nothing.")
    @APIResponse(
            responseCode = "200",
            description = "Reset; the model's figures, all 0.",
            content =
                    @Content(
                            schema = @Schema(implementation = ClassifierView.class),
                            examples =
                                    @ExampleObject(
                                            name = "reset",
                                            value = "{\"scope\": \"APP\", \"appId\": \"my-app\", "
                                                    + "\"inauthenticExamples\": 0, \"genuineExamples\": 0, \"tokens\": 0, "
                                                    + "\"minExamples\": 200, \"trained\": false}")))
    @APIResponse(responseCode = "400", description = "appId is missing or too long.")
    public ClassifierView resetClassifier(
            @Parameter(description = "The app whose model to reset.", example = "my-app") @QueryParam("appId")
                    String appId) {
        String app = app(appId);
        try {
            store.reset(scope().of(app));
        } catch (SQLException e) {
            throw new IllegalStateException("The classifier could not be reset", e);
        }
        models.invalidate(app);
        return view(app);
    }

    @POST
    @Path("/examples")
    @RolesAllowed(Roles.RULES_ADMIN)
    @Consumes({LabelledExamples.NDJSON, LabelledExamples.CSV})
    @Operation(
            summary = "Train the note classifier from labelled examples",
            description = "For a team with past labelled notes: JSON lines ({\"text\": ..., \"label\": ...} a line) or"
                    + " CSV with a header row. A label is inauthentic (or spam, 1) or genuine (or ham, 0). The upload"
                    + " is read as it arrives (its progress shows in GET /api/v1/classifier/trainings); what it"
                    + " taught is stored in one transaction at the end, so an upload refused at any line teaches"
                    + " nothing. Up to 16 MiB and 100,000 examples, each text up to 5,000 characters. With an"
                    + " Idempotency-Key, a retry of the same bytes answers the first result and learns nothing"
                    + " again.")
    @RequestBody(
            content = {
                @Content(
                        mediaType = LabelledExamples.NDJSON,
                        schema = @Schema(type = SchemaType.STRING),
                        examples = @ExampleObject(name = "JSON lines", value = NDJSON_EXAMPLE)),
                @Content(
                        mediaType = LabelledExamples.CSV,
                        schema = @Schema(type = SchemaType.STRING),
                        examples = @ExampleObject(name = "CSV", value = CSV_EXAMPLE))
            })
    @APIResponse(
            responseCode = "200",
            description = "Learnt; the training's record.",
            content =
                    @Content(
                            schema = @Schema(implementation = TrainingView.class),
                            examples = @ExampleObject(name = "done", value = TRAINING_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A line that cannot be read (named), or too many examples.")
    @APIResponse(responseCode = "413", description = "The upload is larger than 16 MiB: nothing was learnt.")
    @APIResponse(responseCode = "415", description = "The body is neither application/x-ndjson nor text/csv.")
    public Response trainClassifier(
            @Parameter(description = "The app whose model learns (ignored with the shared scope).", example = "my-app")
                    @QueryParam("appId")
                    String appId,
            @Parameter(description = "The field or column holding the text.", example = "text")
                    @QueryParam("textColumn")
                    @DefaultValue("text")
                    String textColumn,
            @Parameter(description = "The field or column holding the label.", example = "label")
                    @QueryParam("labelColumn")
                    @DefaultValue("label")
                    String labelColumn,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @Parameter(description = "Makes a retry safe: the same key and bytes answer the first result.")
                    @HeaderParam(Idempotency.HEADER)
                    String idempotencyKey,
            InputStream body) {
        String app = app(appId);
        column("textColumn", textColumn);
        column("labelColumn", labelColumn);
        String mediaType = (contentType.getType() + "/" + contentType.getSubtype()).toLowerCase(Locale.ROOT);
        Idempotency.Outcome<TrainingView> outcome = training.train(
                app,
                caller.author(),
                new ClassifierTraining.Upload(mediaType, contentLength, textColumn, labelColumn),
                body,
                idempotencyKey);
        Response.ResponseBuilder response = Response.ok(outcome.value());
        if (outcome.replayed()) {
            response.header(Idempotency.REPLAYED_HEADER, "true");
        }
        return response.build();
    }

    @GET
    @Path("/trainings")
    @RolesAllowed({Roles.AUDITOR, Roles.RULES_ADMIN})
    @Operation(
            summary = "List the uploads that trained a model",
            description = "The newest 20 uploads of labelled examples for an app's model (or the shared one),"
                    + " running ones with their progress. A running upload that stopped reporting progress for"
                    + " two minutes (its instance stopped) shows as FAILED.")
    @APIResponse(
            responseCode = "200",
            description = "The uploads, newest first.",
            content =
                    @Content(
                            schema = @Schema(type = SchemaType.ARRAY, implementation = TrainingView.class),
                            examples = @ExampleObject(name = "one", value = "[" + TRAINING_EXAMPLE + "]")))
    @APIResponse(responseCode = "400", description = "appId is missing or too long.")
    public List<TrainingView> listClassifierTrainings(
            @Parameter(description = "The app whose model's uploads to list.", example = "my-app") @QueryParam("appId")
                    String appId) {
        return training.trainings(app(appId), 20);
    }

    private static void column(String name, String value) {
        if (value.isEmpty() || value.length() > LabelledExamples.MAX_COLUMN_NAME_LENGTH) {
            throw Refusal.invalidField(name, "must be 1 to " + LabelledExamples.MAX_COLUMN_NAME_LENGTH + " characters");
        }
    }

    private ClassifierScope scope() {
        return config.classifier().scope();
    }

    /** The app whose model is meant: an app's own; the named one for auditors and rules-admins. */
    private String app(String requested) {
        String wanted = requested == null || requested.isBlank() ? null : requested;
        if (wanted != null && wanted.length() > Caller.MAX_APP_ID_LENGTH) {
            throw Refusal.invalidField("appId", "must be at most " + Caller.MAX_APP_ID_LENGTH + " characters");
        }
        if (caller.isAuditor() || caller.isRulesAdmin()) {
            if (wanted == null && scope() == ClassifierScope.APP) {
                throw Refusal.invalidField("appId", "is required: each app has its own model");
            }
            return wanted == null ? "" : wanted;
        }
        if (wanted != null && !wanted.equals(caller.appId())) {
            throw Refusal.forbidden("An app reads only its own classifier; auditors and rules-admins read any app's.");
        }
        return caller.appId();
    }

    private ClassifierView view(String app) {
        String key = scope().of(app);
        int min = config.classifier().minExamples();
        try {
            ClassifierStore.Examples examples = store.examples(key).orElse(new ClassifierStore.Examples(0, 0, 0));
            return new ClassifierView(
                    scope(),
                    scope() == ClassifierScope.APP ? app : null,
                    examples.inauthentic(),
                    examples.genuine(),
                    store.tokenCount(key),
                    min,
                    examples.inauthentic() >= min && examples.genuine() >= min);
        } catch (SQLException e) {
            throw new IllegalStateException("The classifier could not be read", e);
        }
    }
}
