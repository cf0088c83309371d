package dev.bonafide.refusal;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One invalid field. {@code line} and {@code column} locate an error inside a rule expression. */
@Schema(name = "FieldError")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(
        @Schema(example = "mutualConnections") String field,
        @Schema(example = "must not be negative") String message,
        Integer line,
        Integer column) {

    public FieldError(String field, String message) {
        this(field, message, null, null);
    }
}
