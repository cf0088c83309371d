package dev.bonafide.screening;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of screenings, newest first. */
@Schema(name = "ScreeningPage")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScreeningPage(
        @Schema(description = "Screenings, newest first.") List<ScreeningView> items,

        @Schema(description = "Pass as `cursor` to get the next (older) page; absent on the last page.")
        String nextCursor) {}
