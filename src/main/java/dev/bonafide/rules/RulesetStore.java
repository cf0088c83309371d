package dev.bonafide.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bonafide.engine.CompiledRuleset;
import dev.bonafide.engine.RuleProblem;
import dev.bonafide.engine.RulebookFiles;
import dev.bonafide.engine.Ruleset;
import dev.bonafide.engine.RulesetCompilationException;
import dev.bonafide.engine.RulesetCompiler;
import dev.bonafide.idempotency.Idempotency;
import dev.bonafide.refusal.FieldError;
import dev.bonafide.refusal.Refusal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Ruleset versions in the database. Every change inserts version (base + 1) after the new ruleset
 * compiled; the primary key refuses a second change from the same base.
 */
@ApplicationScoped
public class RulesetStore {

    private static final Logger LOG = Logger.getLogger(RulesetStore.class);
    private static final TypeReference<List<StoredRule>> RULE_LIST = new TypeReference<>() {};

    /** The stored document's own reader and writer: the API's JSON settings do not apply to it. */
    private static final ObjectMapper STORED_FORM = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A stored version together with its parsed rules. */
    public record StoredRuleset(RulesetVersion row, Ruleset ruleset) {
        public RulesetView view() {
            return RulesetView.from(row, ruleset);
        }
    }

    /** A version made by a change, compiled and committed. */
    public record Committed(StoredRuleset stored, CompiledRuleset compiled) {}

    /** One edit of the ruleset in force. */
    public interface Change {
        /** The ruleset after the change; throws {@link Refusal} when it does not apply (an unknown rule). */
        Ruleset apply(Ruleset current);

        /** What changed, for the history ("added rule links-in-note"). */
        String summary();
    }

    @Inject
    EntityManager em;

    @Inject
    RulesetCompiler compiler;

    @Inject
    Clock clock;

    /**
     * The highest stored version, or 0 when there is none. In SQL, not HQL: every instance asks it four
     * times a second, and it is the first query after start-up, which would otherwise wait for
     * Hibernate's query parser to warm up (docs/benchmarks.md, "Start-up").
     */
    public long latestVersion() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Number max = (Number) em.createNativeQuery("select max(version) from ruleset_version")
                    .getSingleResult();
            return max == null ? 0L : max.longValue();
        });
    }

    public Optional<StoredRuleset> load(long version) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> Optional.ofNullable(em.find(RulesetVersion.class, version))
                        .map(this::parse));
    }

    public Optional<StoredRuleset> latest() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<RulesetVersion> rows = em.createQuery(
                            "from RulesetVersion v order by v.version desc", RulesetVersion.class)
                    .setMaxResults(1)
                    .getResultList();
            return rows.stream().findFirst().map(this::parse);
        });
    }

    /** Versions below {@code before} (all when null), newest first. */
    public List<RulesetSummary> history(Long before, int limit) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> em
                        .createQuery(
                                "from RulesetVersion v where v.version < :before order by v.version desc",
                                RulesetVersion.class)
                        .setParameter("before", before == null ? Long.MAX_VALUE : before)
                        .setMaxResults(limit)
                        .getResultList()
                        .stream()
                        .map(RulesetSummary::from)
                        .toList());
    }

    /**
     * Stores the shipped default ruleset as version 1 when no version exists, and only then.
     *
     * @return version 1 compiled, when this call stored it
     */
    public Optional<CompiledRuleset> seedIfEmpty() {
        if (latestVersion() > 0) {
            return Optional.empty();
        }
        Ruleset defaults = RulebookFiles.defaultRuleset();
        try {
            CompiledRuleset compiled = compiler.compile(defaults);
            QuarkusTransaction.requiringNew().run(() -> {
                em.persist(row(1, defaults, "system", "default ruleset", "Shipped with the service"));
                em.flush();
            });
            LOG.info("Stored the default ruleset as version 1");
            return Optional.of(compiled);
        } catch (RulesetCompilationException e) {
            throw new IllegalStateException("The shipped default ruleset does not compile: " + e.getMessage(), e);
        } catch (PersistenceException e) {
            // Another instance seeded it first; its version 1 is the same file.
            LOG.debug("Version 1 was stored concurrently", e);
            return Optional.empty();
        }
    }

    /**
     * Applies a change to the version in force, which must be {@code expectedBase}.
     *
     * @throws Refusal a stale version when the version in force is not {@code expectedBase} (or another change
     *     from the same base committed first), 422 when the result does not compile, or whatever the
     *     change itself refuses
     */
    public Committed change(
            long expectedBase, Change change, String author, String comment, Idempotency.Claim claim, int status) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                StoredRuleset base = latest().orElseThrow(Refusal::noRuleset);
                if (base.row().version != expectedBase) {
                    throw stale(expectedBase, base.row().version);
                }
                Ruleset changed = change.apply(base.ruleset());
                Ruleset next = new Ruleset(
                        expectedBase + 1, changed.acceptThreshold(), changed.declineThreshold(), changed.rules());
                CompiledRuleset compiled = compile(next);
                RulesetVersion row = row(next.version(), next, author, change.summary(), comment);
                em.persist(row);
                em.flush();
                claim.record(status, Long.toString(next.version()));
                return new Committed(new StoredRuleset(row, next), compiled);
            });
        } catch (Refusal e) {
            throw e;
        } catch (RuntimeException e) {
            // The same primary key from a concurrent change: on PostgreSQL the insert waits for the
            // other transaction and then fails; report it as the stale base it is.
            long inForce = latestVersion();
            if (inForce > expectedBase) {
                throw stale(expectedBase, inForce);
            }
            throw e;
        }
    }

    /** Compiles a ruleset, turning its problems into a 422 that names each field. */
    public CompiledRuleset compile(Ruleset ruleset) {
        try {
            return compiler.compile(ruleset);
        } catch (RulesetCompilationException e) {
            throw rejected(e.problems());
        }
    }

    static Refusal rejected(List<RuleProblem> problems) {
        List<FieldError> errors = problems.stream()
                .map(p -> new FieldError(
                        p.field(), p.message(), p.line() > 0 ? p.line() : null, p.column() > 0 ? p.column() : null))
                .toList();
        String detail = "The ruleset was not changed: "
                + problems.stream()
                        .map(p ->
                                p.field() + (p.line() > 0 ? " (line " + p.line() + ", column " + p.column() + ")" : "")
                                        + ": " + p.message())
                        .reduce((a, b) -> a + "; " + b)
                        .orElse("invalid");
        return Refusal.ruleRejected(detail, errors);
    }

    private static Refusal stale(long expected, long actual) {
        return Refusal.staleVersion("The change was based on version " + expected + " but version " + actual
                + " is in force; read the rules again (GET /api/v1/rules) and retry with If-Match: \"" + actual
                + "\".");
    }

    private RulesetVersion row(long version, Ruleset ruleset, String author, String summary, String comment) {
        RulesetVersion row = new RulesetVersion();
        row.version = version;
        row.createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        row.author = author;
        row.changeSummary = summary.length() > 300 ? summary.substring(0, 300) : summary;
        row.changeComment = comment;
        row.acceptThreshold = ruleset.acceptThreshold();
        row.declineThreshold = ruleset.declineThreshold();
        try {
            row.rules = STORED_FORM.writeValueAsString(
                    ruleset.rules().stream().map(StoredRule::of).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A ruleset could not be written as JSON", e);
        }
        return row;
    }

    private StoredRuleset parse(RulesetVersion row) {
        try {
            List<StoredRule> rules = STORED_FORM.readValue(row.rules, RULE_LIST);
            return new StoredRuleset(
                    row,
                    new Ruleset(
                            row.version,
                            row.acceptThreshold,
                            row.declineThreshold,
                            rules.stream().map(StoredRule::toRule).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Ruleset version " + row.version + " cannot be read", e);
        }
    }
}
