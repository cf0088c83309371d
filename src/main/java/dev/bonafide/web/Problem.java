package dev.bonafide.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bonafide.refusal.FieldError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error as RFC 9457 describes it ({@code application/problem+json}). */
@Schema(name = "Problem", description = "An error (RFC 9457, application/problem+json).")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(description = "A URI naming the kind of problem.", example = "urn:bonafide:problem:invalid-request")
        String type,

        @Schema(description = "A short summary of the kind of problem.", example = "Invalid request")
        String title,

        @Schema(description = "The HTTP status.", example = "400")
        int status,

        @Schema(description = "What went wrong with this request.")
        String detail,

        @Schema(description = "The request path.") String instance,

        @Schema(description = "Each invalid field with its message (validation problems only).")
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static String type(String slug) {
        return "urn:bonafide:problem:" + slug;
    }
}
