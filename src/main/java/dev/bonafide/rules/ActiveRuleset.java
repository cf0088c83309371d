package dev.bonafide.rules;

import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.RulebookFiles;
import dev.bonafide.engine.RulesetCompilationException;
import dev.bonafide.engine.RulesetCompiler;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The ruleset in force, compiled. The one place screening asks for rules: requests never compile CEL.
 */
@Startup
@ApplicationScoped
public class ActiveRuleset {

    private static final Logger LOG = Logger.getLogger(ActiveRuleset.class);

    private final RulesetCompiler compiler;
    private volatile CompiledRuleset current;

    public ActiveRuleset(RulesetCompiler compiler) {
        this.compiler = compiler;
    }

    @PostConstruct
    void load() {
        try {
            current = compiler.compile(RulebookFiles.defaultRuleset());
            LOG.infof("Ruleset version %d in force with %d rules", current.version(), current.ruleset().rules().size());
        } catch (RulesetCompilationException e) {
            LOG.errorf("The default ruleset does not compile: %s", e.getMessage());
        }
    }

    /** The compiled ruleset in force, if one compiled. */
    public Optional<CompiledRuleset> current() {
        return Optional.ofNullable(current);
    }
}
