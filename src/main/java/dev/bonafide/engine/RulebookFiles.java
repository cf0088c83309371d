package dev.bonafide.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the rulebook files that ship with the service: the default ruleset and the phrase lists. */
public final class RulebookFiles {

    public static final String DEFAULT_RULESET = "rules/default-ruleset.yaml";
    public static final String PHRASES = "rules/phrases.yaml";

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RulebookFiles() {}

    /** A rule as written in the file, where {@code enabled} may be left out (it defaults to true). */
    @JsonIgnoreProperties(ignoreUnknown = false)
    record RuleEntry(
            String id,
            String description,
            String when,
            int points,
            String explanation,
            Verdict action,
            Boolean enabled) {
        Rule toRule() {
            return new Rule(id, description, when, points, explanation, action, enabled == null || enabled);
        }
    }

    record RulesetFile(Integer acceptThreshold, Integer declineThreshold, List<RuleEntry> rules) {}

    public static Ruleset defaultRuleset() {
        return readRuleset(open(DEFAULT_RULESET), 1);
    }

    public static PhraseBook defaultPhrases() {
        return readPhrases(open(PHRASES));
    }

    public static Ruleset readRuleset(InputStream in, long version) {
        try (in) {
            RulesetFile file = YAML.readValue(in, RulesetFile.class);
            List<Rule> rules = new ArrayList<>();
            for (RuleEntry entry : file.rules() == null ? List.<RuleEntry>of() : file.rules()) {
                rules.add(entry.toRule());
            }
            return new Ruleset(
                    version,
                    file.acceptThreshold() == null ? Ruleset.DEFAULT_ACCEPT_THRESHOLD : file.acceptThreshold(),
                    file.declineThreshold() == null ? Ruleset.DEFAULT_DECLINE_THRESHOLD : file.declineThreshold(),
                    rules);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ruleset file", e);
        }
    }

    public static PhraseBook readPhrases(InputStream in) {
        try (in) {
            Map<String, List<String>> lists =
                    YAML.readValue(in, new TypeReference<LinkedHashMap<String, List<String>>>() {});
            return PhraseBook.of(lists);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the phrase file", e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            in = RulebookFiles.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the class path");
        }
        return in;
    }
}
