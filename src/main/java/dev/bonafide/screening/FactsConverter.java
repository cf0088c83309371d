package dev.bonafide.screening;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stores the facts a screening saw as a JSON object. */
@ApplicationScoped
public class FactsConverter {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    @Inject
    ObjectMapper json;

    /** The facts as the JSON text stored in the screening's facts column. */
    public String write(Map<String, Object> facts) {
        if (facts == null) {
            return null;
        }
        try {
            return json.writeValueAsString(facts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Facts could not be written as JSON", e);
        }
    }

    /** The facts of a stored JSON text. */
    public Map<String, Object> read(String column) {
        if (column == null) {
            return null;
        }
        try {
            return json.readValue(column, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored facts could not be read", e);
        }
    }
}
