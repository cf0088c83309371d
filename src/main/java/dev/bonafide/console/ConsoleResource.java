package dev.bonafide.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bonafide.backtest.BacktestRequest;
import dev.bonafide.backtest.BacktestResource;
import dev.bonafide.backtest.BacktestView;
import dev.bonafide.engine.Verdict;
import dev.bonafide.refusal.FieldError;
import dev.bonafide.refusal.Refusal;
import dev.bonafide.rules.ChangeHeaders;
import dev.bonafide.rules.RuleView;
import dev.bonafide.rules.RulesResource;
import dev.bonafide.rules.RulesetView;
import dev.bonafide.rules.RulesetsResource;
import dev.bonafide.rules.Thresholds;
import dev.bonafide.screening.PreviewRequest;
import dev.bonafide.screening.PreviewView;
import dev.bonafide.screening.ScreeningPage;
import dev.bonafide.screening.ScreeningRequest;
import dev.bonafide.screening.ScreeningResource;
import dev.bonafide.screening.ScreeningView;
import dev.bonafide.security.Caller;
import dev.bonafide.security.Roles;
import dev.bonafide.stats.StatsResource;
import dev.bonafide.stats.StatsView;
import dev.bonafide.web.RefusalAnswer;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The operator console: server-rendered pages over the same endpoints the apps call. Every read and
 * every change goes through the API's resource methods, in process, with the operator's own token:
 * their role checks, validation, If-Match and Idempotency-Key apply unchanged, and the console has
 * no way of its own to change anything. Pages show only what the API answers the same token.
 */
@Path(ConsoleSession.PATH)
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ConsoleResource {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** A datetime-local input's value (minutes, optionally seconds), read as UTC. */
    private static final Pattern LOCAL_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");

    @Inject
    SecurityIdentity identity;

    @Inject
    RoutingContext routing;

    @Inject
    Caller caller;

    @Inject
    JWTParser tokens;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    ScreeningResource screenings;

    @Inject
    RulesResource rules;

    @Inject
    RulesetsResource rulesets;

    @Inject
    StatsResource stats;

    @Inject
    BacktestResource backtests;

    @Inject
    ConsoleTemplates templates;

    // ---- Who is signed in -------------------------------------------------------------------

    /** The signed-in operator as the pages need it: roles decide what a page offers. */
    public record Viewer(
            String name, String appId, boolean screener, boolean rulesAdmin, boolean auditor, String formToken) {

        public String roles() {
            List<String> roles = new ArrayList<>();
            if (screener) roles.add(Roles.SCREENER);
            if (rulesAdmin) roles.add(Roles.RULES_ADMIN);
            if (auditor) roles.add(Roles.AUDITOR);
            return String.join(", ", roles);
        }

        /** Screenings are read by apps (their own) and auditors (all). */
        public boolean readsScreenings() {
            return screener || auditor;
        }

        /** Rules and their history are read by rules-admins and auditors. */
        public boolean readsRules() {
            return rulesAdmin || auditor;
        }
    }

    /** Why a page sent the operator to sign in. */
    static final class SignInRequired extends RuntimeException {
        final String reason;

        SignInRequired(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }

    private Viewer viewer() {
        if (identity.isAnonymous()) {
            throw new SignInRequired(routing.get(ConsoleAuthentication.REFUSED) != null ? "expired" : "required");
        }
        String raw = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getRawToken() : null;
        return new Viewer(
                caller.author(),
                caller.appId(),
                identity.hasRole(Roles.SCREENER),
                identity.hasRole(Roles.RULES_ADMIN),
                identity.hasRole(Roles.AUDITOR),
                raw == null ? "" : ConsoleSession.formToken(raw));
    }

    /** The viewer of a state-changing form, after checking its form token. */
    private Viewer formViewer(String formToken) {
        Viewer viewer = viewer();
        if (!ConsoleSession.sameToken(viewer.formToken(), formToken)) {
            throw Refusal.forbidden(
                    "The form was not sent from this console (its form token is missing or wrong); reload the page and try again.");
        }
        return viewer;
    }

    // ---- Sign-in and sign-out ---------------------------------------------------------------

    @GET
    public Response home() {
        Viewer viewer = viewer();
        return seeOther(viewer.readsScreenings() ? "/console/screenings" : "/console/rules");
    }

    @GET
    @Path("/sign-in")
    public Response signInForm(@QueryParam("reason") String reason) {
        return signIn(reason == null ? null : message(reason), 200);
    }

    private static String message(String reason) {
        return switch (reason) {
            case "expired" -> "Your token has expired or is no longer accepted. Paste a new token to sign in again.";
            case "required" -> "Sign in with a bearer token to use the console.";
            case "signed-out" -> "You are signed out.";
            default -> null;
        };
    }

    private Response signIn(String message, int status) {
        Cookie existing = routing.request().getCookie(ConsoleSession.SIGN_IN_COOKIE);
        String nonce = existing != null && existing.getValue().matches("[A-Za-z0-9_-]{22,64}")
                ? existing.getValue()
                : randomToken();
        return page(
                        templates
                                .get("console/sign-in.html")
                                .data("message", message)
                                .data("nonce", nonce),
                        status)
                .header(
                        HttpHeaders.SET_COOKIE,
                        ConsoleSession.cookie(ConsoleSession.SIGN_IN_COOKIE, nonce, 3600, secure()))
                .build();
    }

    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("token") String pasted, @FormParam("nonce") String nonce) {
        Cookie expected = routing.request().getCookie(ConsoleSession.SIGN_IN_COOKIE);
        if (expected == null || !ConsoleSession.sameToken(expected.getValue(), nonce)) {
            return signIn("The sign-in form expired or was not sent from this console. Paste the token again.", 403);
        }
        String token = pasted == null ? "" : pasted.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        if (!ConsoleSession.looksLikeToken(token)) {
            return signIn(
                    "That is not a bearer token: paste the token itself (three parts separated by dots, at most "
                            + ConsoleSession.MAX_TOKEN_LENGTH + " characters).",
                    400);
        }
        JsonWebToken verified;
        try {
            verified = tokens.parse(token);
        } catch (ParseException e) {
            return signIn(
                    "The token was refused: it is expired, not signed with the key this service trusts, or not from its issuer.",
                    401);
        }
        Set<String> groups = verified.getGroups() == null ? Set.of() : verified.getGroups();
        if (!(groups.contains(Roles.SCREENER)
                || groups.contains(Roles.RULES_ADMIN)
                || groups.contains(Roles.AUDITOR))) {
            return signIn("The token has none of the roles screener, rules-admin or auditor.", 403);
        }
        long lifetime = verified.getExpirationTime() - clock.instant().getEpochSecond();
        return seeOtherBuilder("/console")
                .header(HttpHeaders.SET_COOKIE, ConsoleSession.cookie(ConsoleSession.COOKIE, token, lifetime, secure()))
                .header(HttpHeaders.SET_COOKIE, ConsoleSession.cookie(ConsoleSession.SIGN_IN_COOKIE, "", 0, secure()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    @POST
    @Path("/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@FormParam(ConsoleSession.FORM_TOKEN_FIELD) String formToken) {
        if (!identity.isAnonymous()) {
            formViewer(formToken);
        }
        return seeOtherBuilder("/console/sign-in?reason=signed-out")
                .header(HttpHeaders.SET_COOKIE, ConsoleSession.cookie(ConsoleSession.COOKIE, "", 0, secure()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    // ---- Screenings ---------------------------------------------------------------------------

    /** A filter form's values, shown back as typed. */
    public record ScreeningFilter(String verdict, String requesterId, String recipientId, String from, String to) {

        /** The query string of this filter, for the next page's link (values URL-encoded). */
        public String query() {
            StringBuilder q = new StringBuilder();
            append(q, "verdict", verdict);
            append(q, "requesterId", requesterId);
            append(q, "recipientId", recipientId);
            append(q, "from", from);
            append(q, "to", to);
            return q.toString();
        }

        private static void append(StringBuilder q, String name, String value) {
            if (value != null && !value.isBlank()) {
                q.append('&')
                        .append(name)
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @GET
    @Path("/screenings")
    public Response screenings(
            @QueryParam("verdict") String verdict,
            @QueryParam("requesterId") String requesterId,
            @QueryParam("recipientId") String recipientId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("cursor") String cursor) {
        Viewer viewer = viewer();
        ScreeningFilter filter = new ScreeningFilter(
                bounded(verdict, 16),
                bounded(requesterId, 128),
                bounded(recipientId, 128),
                bounded(from, 40),
                bounded(to, 40));
        TemplateInstance page = templates
                .get("console/screenings.html")
                .data("viewer", viewer)
                .data("filter", filter)
                .data("verdicts", List.of("ACCEPT", "REVIEW", "DECLINE"));
        try {
            ScreeningPage found = screenings.list(
                    filter.verdict(),
                    filter.requesterId(),
                    filter.recipientId(),
                    toIso(filter.from()),
                    toIso(filter.to()),
                    null,
                    bounded(cursor, 512));
            String next = found.nextCursor() == null
                    ? null
                    : "/console/screenings?cursor="
                            + java.net.URLEncoder.encode(found.nextCursor(), java.nio.charset.StandardCharsets.UTF_8)
                            + filter.query();
            return page(page.data("page", found).data("next", next).data("error", null), 200)
                    .build();
        } catch (Refusal e) {
            if (e.kind() != Refusal.Kind.INVALID_REQUEST) {
                throw e;
            }
            return page(page.data("page", null).data("next", null).data("error", e.getMessage()), 400)
                    .build();
        }
    }

    /** One fact of a screening, as a row. */
    public record FactRow(String name, String value) {}

    @GET
    @Path("/screenings/{id}")
    public Response screening(@PathParam("id") String id) {
        Viewer viewer = viewer();
        ScreeningView screening = screenings.get(id);
        List<FactRow> facts = new ArrayList<>();
        if (screening.facts() != null) {
            screening.facts().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> facts.add(new FactRow(e.getKey(), String.valueOf(e.getValue()))));
        }
        return page(
                        templates
                                .get("console/screening.html")
                                .data("viewer", viewer)
                                .data("s", screening)
                                .data("facts", facts),
                        200)
                .build();
    }

    // ---- Rules ------------------------------------------------------------------------------------

    private RulesetView inForce() {
        return (RulesetView) rules.inForce().getEntity();
    }

    @GET
    @Path("/rules")
    public Response rules(@QueryParam("changed") String changed) {
        Viewer viewer = viewer();
        RulesetView ruleset = inForce();
        return page(
                        templates
                                .get("console/rules.html")
                                .data("viewer", viewer)
                                .data("ruleset", ruleset)
                                .data("changed", bounded(changed, 20))
                                .data("thresholdErrors", List.of())
                                .data("key", randomToken()),
                        200)
                .build();
    }

    /** A rule form's values, as typed, with the problems found in them. */
    public record RuleForm(
            String id,
            String description,
            String when,
            String points,
            String explanation,
            String action,
            boolean enabled,
            String comment,
            long baseVersion,
            String key) {}

    @GET
    @Path("/rules/{id}/edit")
    public Response editRule(@PathParam("id") String id) {
        Viewer viewer = viewer();
        RulesetView ruleset = inForce();
        RuleView rule = ruleset.rules().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> Refusal.notFound("No rule has this id in version " + ruleset.version() + "."));
        RuleForm form = new RuleForm(
                rule.id(),
                rule.description(),
                rule.when(),
                String.valueOf(rule.points()),
                rule.explanation(),
                rule.action() == null ? "" : rule.action().name(),
                rule.enabled() == null || rule.enabled(),
                "",
                ruleset.version(),
                randomToken());
        return rulePage(viewer, form, List.of(), null, 200);
    }

    private Response rulePage(Viewer viewer, RuleForm form, List<FieldError> errors, String problem, int status) {
        return page(
                        templates
                                .get("console/rule.html")
                                .data("viewer", viewer)
                                .data("form", form)
                                .data("errors", new FieldProblems(errors))
                                .data("problem", problem)
                                .data("verdicts", Verdict.values()),
                        status)
                .build();
    }

    @POST
    @Path("/rules/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRule(
            @PathParam("id") String id,
            @FormParam(ConsoleSession.FORM_TOKEN_FIELD) String formToken,
            @FormParam("description") String description,
            @FormParam("when") String when,
            @FormParam("points") String points,
            @FormParam("explanation") String explanation,
            @FormParam("action") String action,
            @FormParam("enabled") String enabled,
            @FormParam("comment") String comment,
            @FormParam("baseVersion") String baseVersion,
            @FormParam("key") String key) {
        Viewer viewer = formViewer(formToken);
        RuleForm form = new RuleForm(
                id,
                blankToNull(description),
                when,
                points,
                explanation,
                action,
                enabled != null,
                comment,
                parseLong(baseVersion),
                key);
        List<FieldError> errors = new ArrayList<>();
        Integer pointValue = null;
        try {
            pointValue = points == null || points.isBlank() ? null : Integer.valueOf(points.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError("points", "must be a whole number from -100 to 100"));
        }
        Verdict actionValue = null;
        if (action != null && !action.isBlank()) {
            try {
                actionValue = Verdict.valueOf(action);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("action", "must be ACCEPT, DECLINE or none"));
            }
        }
        if (!errors.isEmpty()) {
            return rulePage(viewer, form, errors, "The rule was not saved.", 400);
        }
        RuleView rule =
                new RuleView(id, form.description(), when, pointValue, explanation, actionValue, form.enabled());
        try {
            Response saved = rules.replace(
                    id, rule, new ChangeHeaders("\"" + form.baseVersion() + "\"", comment, blankToNull(key)));
            RulesetView version = (RulesetView) saved.getEntity();
            return seeOther("/console/rules?changed=" + version.version());
        } catch (Refusal e) {
            if (e.kind() == Refusal.Kind.FORBIDDEN || e.kind() == Refusal.Kind.UNAUTHENTICATED) {
                throw e;
            }
            return rulePage(
                    viewer,
                    form,
                    e.errors(),
                    e.getMessage(),
                    RefusalAnswer.of(e.kind()).status());
        } catch (ConstraintViolationException e) {
            return rulePage(viewer, form, violations(e), "The rule was not saved.", 400);
        }
    }

    @POST
    @Path("/rules/thresholds")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeThresholds(
            @FormParam(ConsoleSession.FORM_TOKEN_FIELD) String formToken,
            @FormParam("acceptThreshold") String accept,
            @FormParam("declineThreshold") String decline,
            @FormParam("comment") String comment,
            @FormParam("baseVersion") String baseVersion,
            @FormParam("key") String key) {
        Viewer viewer = formViewer(formToken);
        List<FieldError> errors = new ArrayList<>();
        Integer acceptValue = parseInt(accept, "acceptThreshold", errors);
        Integer declineValue = parseInt(decline, "declineThreshold", errors);
        try {
            if (errors.isEmpty()) {
                Response saved = rules.thresholds(
                        new Thresholds(acceptValue, declineValue),
                        new ChangeHeaders("\"" + parseLong(baseVersion) + "\"", comment, blankToNull(key)));
                return seeOther("/console/rules?changed=" + ((RulesetView) saved.getEntity()).version());
            }
        } catch (Refusal e) {
            if (e.kind() == Refusal.Kind.FORBIDDEN || e.kind() == Refusal.Kind.UNAUTHENTICATED) {
                throw e;
            }
            errors.addAll(e.errors().isEmpty() ? List.of(new FieldError("thresholds", e.getMessage())) : e.errors());
        } catch (ConstraintViolationException e) {
            errors.addAll(violations(e));
        }
        return page(
                        templates
                                .get("console/rules.html")
                                .data("viewer", viewer)
                                .data("ruleset", inForce())
                                .data("changed", null)
                                .data("thresholdErrors", errors)
                                .data("key", randomToken()),
                        400)
                .build();
    }

    /** One line of the history, with the version before it (to compare with). */
    public record HistoryRow(dev.bonafide.rules.RulesetSummary summary, Long previous) {}

    /** What changed in one rule between two versions. */
    public record RuleDiff(String ruleId, String change, List<FieldChange> fields) {}

    /** One field of a rule, before and after. */
    public record FieldChange(String field, String before, String after) {}

    @GET
    @Path("/rules/history")
    public Response history(
            @QueryParam("before") String before, @QueryParam("from") String from, @QueryParam("to") String to) {
        Viewer viewer = viewer();
        RulesetsResource.History history = rulesets.history("50", bounded(before, 20));
        List<HistoryRow> rows = history.versions().stream()
                .map(v -> new HistoryRow(v, v.version() > 1 ? v.version() - 1 : null))
                .toList();
        TemplateInstance page = templates
                .get("console/history.html")
                .data("viewer", viewer)
                .data("history", history)
                .data("rows", rows);
        if (from != null && to != null && !from.isBlank() && !to.isBlank()) {
            RulesetView older = rulesets.version(bounded(from, 20));
            RulesetView newer = rulesets.version(bounded(to, 20));
            page = page.data("older", older).data("newer", newer).data("diff", diff(older, newer));
        } else {
            page = page.data("older", null).data("newer", null).data("diff", null);
        }
        return page(page, 200).build();
    }

    static List<RuleDiff> diff(RulesetView older, RulesetView newer) {
        Map<String, RuleView> before = new LinkedHashMap<>();
        older.rules().forEach(r -> before.put(r.id(), r));
        Map<String, RuleView> after = new LinkedHashMap<>();
        newer.rules().forEach(r -> after.put(r.id(), r));
        List<RuleDiff> diffs = new ArrayList<>();
        if (older.acceptThreshold() != newer.acceptThreshold()
                || older.declineThreshold() != newer.declineThreshold()) {
            diffs.add(new RuleDiff(
                    "thresholds",
                    "changed",
                    List.of(
                            new FieldChange(
                                    "acceptThreshold",
                                    String.valueOf(older.acceptThreshold()),
                                    String.valueOf(newer.acceptThreshold())),
                            new FieldChange(
                                    "declineThreshold",
                                    String.valueOf(older.declineThreshold()),
                                    String.valueOf(newer.declineThreshold())))));
        }
        for (RuleView rule : newer.rules()) {
            RuleView was = before.get(rule.id());
            if (was == null) {
                diffs.add(new RuleDiff(rule.id(), "added", fields(null, rule)));
            } else {
                List<FieldChange> fields = fields(was, rule);
                if (!fields.isEmpty()) {
                    diffs.add(new RuleDiff(rule.id(), "changed", fields));
                }
            }
        }
        for (RuleView rule : older.rules()) {
            if (!after.containsKey(rule.id())) {
                diffs.add(new RuleDiff(rule.id(), "removed", fields(rule, null)));
            }
        }
        return diffs;
    }

    private static List<FieldChange> fields(RuleView before, RuleView after) {
        List<FieldChange> changes = new ArrayList<>();
        String[] names = {"description", "when", "points", "explanation", "action", "enabled"};
        for (String name : names) {
            String b = before == null ? null : field(before, name);
            String a = after == null ? null : field(after, name);
            if (!Objects.equals(b, a)) {
                changes.add(new FieldChange(name, b, a));
            }
        }
        return changes;
    }

    private static String field(RuleView rule, String name) {
        Object value = switch (name) {
            case "description" -> rule.description();
            case "when" -> rule.when();
            case "points" -> rule.points();
            case "explanation" -> rule.explanation();
            case "action" -> rule.action();
            default -> rule.enabled() == null || rule.enabled();
        };
        return value == null ? null : value.toString();
    }

    // ---- Try it -----------------------------------------------------------------------------------

    /** The try-it form's values, as typed. */
    public record TryForm(
            String message,
            String mutualConnections,
            String requesterNetworkSize,
            String requesterId,
            String headline,
            String recipientId,
            boolean knownToRecipient,
            String draft,
            String key) {}

    @GET
    @Path("/try")
    public Response tryForm() {
        Viewer viewer = viewer();
        TryForm form = new TryForm(
                "", "0", "0", "", "", "", false, viewer.rulesAdmin() ? draftOf(inForce()) : "", randomToken());
        return tryPage(viewer, form, null, List.of(), null, 200);
    }

    private Response tryPage(
            Viewer viewer, TryForm form, PreviewView preview, List<FieldError> errors, String problem, int status) {
        return page(
                        templates
                                .get("console/try.html")
                                .data("viewer", viewer)
                                .data("form", form)
                                .data("preview", preview)
                                .data("errors", errors)
                                .data("problem", problem),
                        status)
                .build();
    }

    @POST
    @Path("/try")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response tryIt(
            @FormParam(ConsoleSession.FORM_TOKEN_FIELD) String formToken,
            @FormParam("do") String what,
            @FormParam("message") String message,
            @FormParam("mutualConnections") String mutualConnections,
            @FormParam("requesterNetworkSize") String requesterNetworkSize,
            @FormParam("requesterId") String requesterId,
            @FormParam("headline") String headline,
            @FormParam("recipientId") String recipientId,
            @FormParam("knownToRecipient") String knownToRecipient,
            @FormParam("draft") String draft,
            @FormParam("key") String key) {
        Viewer viewer = formViewer(formToken);
        TryForm form = new TryForm(
                message,
                mutualConnections,
                requesterNetworkSize,
                requesterId,
                headline,
                recipientId,
                knownToRecipient != null,
                draft == null ? "" : draft,
                key == null || key.isBlank() ? randomToken() : key);
        List<FieldError> errors = new ArrayList<>();
        Long mutual = parseCount(mutualConnections, "mutualConnections", errors);
        Long network = parseCount(requesterNetworkSize, "requesterNetworkSize", errors);
        ScreeningRequest request = new ScreeningRequest(
                blankToNull(message),
                mutual,
                network,
                blankToNull(requesterId) == null && blankToNull(headline) == null
                        ? null
                        : new ScreeningRequest.Requester(blankToNull(requesterId), blankToNull(headline)),
                blankToNull(recipientId),
                form.knownToRecipient());
        try {
            if ("screen".equals(what)) {
                if (!errors.isEmpty()) {
                    return tryPage(viewer, form, null, errors, "Nothing was screened.", 400);
                }
                ScreeningView screened = (ScreeningView)
                        screenings.screen(request, blankToNull(key), null).getEntity();
                return seeOther("/console/screenings/" + screened.id());
            }
            PreviewRequest.Draft parsedDraft = viewer.rulesAdmin() ? parseDraft(form.draft(), errors) : null;
            if (!errors.isEmpty()) {
                return tryPage(viewer, form, null, errors, "Nothing was scored.", 400);
            }
            PreviewView preview = screenings.preview(new PreviewRequest(request, parsedDraft));
            return tryPage(viewer, form, preview, List.of(), null, 200);
        } catch (Refusal e) {
            if (e.kind() == Refusal.Kind.FORBIDDEN || e.kind() == Refusal.Kind.UNAUTHENTICATED) {
                throw e;
            }
            return tryPage(
                    viewer,
                    form,
                    null,
                    e.errors(),
                    e.getMessage(),
                    RefusalAnswer.of(e.kind()).status());
        } catch (ConstraintViolationException e) {
            return tryPage(viewer, form, null, violations(e), "The request is not valid.", 400);
        }
    }

    private String draftOf(RulesetView ruleset) {
        try {
            return json.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(ruleset.rules());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A ruleset in force is always JSON", e);
        }
    }

    /** The draft text area: a JSON list of rules, as the API's draft takes them. */
    private PreviewRequest.Draft parseDraft(String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new PreviewRequest.Draft(null, null, json.readValue(text, new TypeReference<List<RuleView>>() {}));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            errors.add(new FieldError(
                    "draft",
                    "is not a JSON list of rules: " + e.getOriginalMessage(),
                    at == null ? null : at.getLineNr(),
                    at == null ? null : at.getColumnNr()));
            return null;
        }
    }

    // ---- Statistics ---------------------------------------------------------------------------------

    /** One rule's line on the statistics page, precision as a percentage. */
    public record RuleLine(StatsView.RuleStats stats, String share, String precision) {}

    @GET
    @Path("/stats")
    public Response stats(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("bucket") String bucket,
            @QueryParam("appId") String appId) {
        Viewer viewer = viewer();
        String bucketValue = bounded(bucket, 8);
        String fromValue = toIso(bounded(from, 40));
        String toValue = toIso(bounded(to, 40));
        if (fromValue == null && toValue == null && "HOUR".equalsIgnoreCase(bucketValue)) {
            // By hour, the API's default window (30 days) is 720 mostly empty bars: show the last two days.
            fromValue = clock.instant()
                    .truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                    .minus(java.time.Duration.ofHours(47))
                    .toString();
        }
        StatsView view = stats.stats(fromValue, toValue, bucketValue, bounded(appId, 128));
        List<RuleLine> lines = view.rules().stream()
                .sorted(Comparator.comparingLong(StatsView.RuleStats::fired).reversed())
                .map(r -> new RuleLine(
                        r,
                        String.format(java.util.Locale.ROOT, "%.1f", r.firedShare() * 100),
                        r.precision() == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", r.precision() * 100)))
                .toList();
        return page(
                        templates
                                .get("console/stats.html")
                                .data("viewer", viewer)
                                .data("view", view)
                                .data("lines", lines)
                                .data("from", bounded(from, 40))
                                .data("to", bounded(to, 40))
                                .data("bucket", bucketValue == null ? "DAY" : bucketValue.toUpperCase())
                                .data("appId", bounded(appId, 128)),
                        200)
                .build();
    }

    // ---- Backtests ---------------------------------------------------------------------------------

    @GET
    @Path("/backtests")
    public Response backtests() {
        Viewer viewer = viewer();
        List<BacktestView> list = backtests.listBacktests("20");
        String draft = viewer.rulesAdmin() ? draftOf(inForce()) : "";
        return backtestsPage(viewer, list, draft, "", "", "", randomToken(), List.of(), null, 200);
    }

    private Response backtestsPage(
            Viewer viewer,
            List<BacktestView> list,
            String draft,
            String from,
            String to,
            String sample,
            String key,
            List<FieldError> errors,
            String problem,
            int status) {
        return page(
                        templates
                                .get("console/backtests.html")
                                .data("viewer", viewer)
                                .data("backtests", list)
                                .data("draft", draft)
                                .data("from", from)
                                .data("to", to)
                                .data("sample", sample)
                                .data("key", key)
                                .data("errors", errors)
                                .data("problem", problem),
                        status)
                .build();
    }

    @POST
    @Path("/backtests")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response startBacktest(
            @FormParam(ConsoleSession.FORM_TOKEN_FIELD) String formToken,
            @FormParam("draft") String draft,
            @FormParam("from") String from,
            @FormParam("to") String to,
            @FormParam("sampleSize") String sample,
            @FormParam("key") String key) {
        Viewer viewer = formViewer(formToken);
        List<FieldError> errors = new ArrayList<>();
        PreviewRequest.Draft parsed = parseDraft(draft, errors);
        if (parsed == null && errors.isEmpty()) {
            errors.add(new FieldError("draft", "is required: a JSON list of rules"));
        }
        Integer sampleSize = sample == null || sample.isBlank() ? null : parseInt(sample, "sampleSize", errors);
        try {
            Instant fromValue = instant(bounded(from, 40));
            Instant toValue = instant(bounded(to, 40));
            if (errors.isEmpty()) {
                Response started = backtests.startBacktest(
                        new BacktestRequest(parsed, null, fromValue, toValue, null, sampleSize), blankToNull(key));
                return seeOther("/console/backtests/" + ((BacktestView) started.getEntity()).id());
            }
        } catch (Refusal e) {
            if (e.kind() == Refusal.Kind.FORBIDDEN || e.kind() == Refusal.Kind.UNAUTHENTICATED) {
                throw e;
            }
            errors.addAll(e.errors().isEmpty() ? List.of(new FieldError("backtest", e.getMessage())) : e.errors());
        } catch (ConstraintViolationException e) {
            errors.addAll(violations(e));
        }
        return backtestsPage(
                viewer,
                backtests.listBacktests("20"),
                draft == null ? "" : draft,
                Objects.toString(from, ""),
                Objects.toString(to, ""),
                Objects.toString(sample, ""),
                Objects.toString(key, randomToken()),
                errors,
                "The backtest was not started.",
                400);
    }

    @GET
    @Path("/backtests/{id}")
    public Response backtest(@PathParam("id") String id) {
        Viewer viewer = viewer();
        BacktestView view = backtests.readBacktest(id);
        return page(
                        templates
                                .get("console/backtest.html")
                                .data("viewer", viewer)
                                .data("b", view),
                        200)
                .build();
    }

    /** The progress bar alone, which the page polls (htmx) while the backtest runs. */
    @GET
    @Path("/backtests/{id}/progress")
    public Response backtestProgress(@PathParam("id") String id) {
        Viewer viewer = viewer();
        BacktestView view = backtests.readBacktest(id);
        Response.ResponseBuilder response = page(
                templates
                        .get("console/backtest.html")
                        .getFragment("progress")
                        .instance()
                        .data("viewer", viewer)
                        .data("b", view),
                200);
        if (view.state().finished()) {
            // The whole page shows the results: htmx reloads it.
            response.header("HX-Refresh", "true");
        }
        return response.build();
    }

    // ---- Errors: pages, not JSON -----------------------------------------------------------------

    @ServerExceptionMapper
    public Response signInRequired(SignInRequired e) {
        return toSignIn(e.reason);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return toSignIn(routing.get(ConsoleAuthentication.REFUSED) != null ? "expired" : "required");
    }

    @ServerExceptionMapper
    public Response refusedToken(AuthenticationFailedException e) {
        return toSignIn("expired");
    }

    private Response toSignIn(String reason) {
        Response.ResponseBuilder response = seeOtherBuilder("/console/sign-in?reason=" + reason);
        if ("expired".equals(reason)) {
            response.header(HttpHeaders.SET_COOKIE, ConsoleSession.cookie(ConsoleSession.COOKIE, "", 0, secure()));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return error(403, "Forbidden", "Your token's roles do not allow this.");
    }

    @ServerExceptionMapper
    public Response refused(Refusal e) {
        if (e.kind() == Refusal.Kind.UNAUTHENTICATED) {
            return error(401, "Unauthorized", e.getMessage());
        }
        RefusalAnswer answer = RefusalAnswer.of(e.kind());
        return error(answer.status(), answer.title(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        return error(400, "Invalid request", "The request is not valid.");
    }

    private Response error(int status, String title, String detail) {
        Viewer viewer = identity.isAnonymous() ? null : safeViewer();
        return page(
                        templates
                                .get("console/error.html")
                                .data("viewer", viewer)
                                .data("status", status)
                                .data("title", title)
                                .data("detail", detail),
                        status)
                .build();
    }

    private Viewer safeViewer() {
        try {
            return viewer();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- Helpers -----------------------------------------------------------------------------------

    /**
     * A page with the console's headers: nothing cached (pages show personal data), no framing, no
     * referrer, and scripts and styles only from the console itself.
     */
    private static Response.ResponseBuilder page(TemplateInstance template, int status) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(template.render())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(
                        "Content-Security-Policy",
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    private static Response seeOther(String path) {
        return seeOtherBuilder(path).build();
    }

    private static Response.ResponseBuilder seeOtherBuilder(String path) {
        // A relative Location, as the API answers: never built from the Host header.
        return Response.status(Response.Status.SEE_OTHER)
                .header(HttpHeaders.LOCATION, path)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** Whether the console is served over https (directly, or behind a proxy Quarkus trusts). */
    private boolean secure() {
        return "https".equalsIgnoreCase(routing.request().scheme());
    }

    private static String randomToken() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A query value cut to a bound, so a page never carries more than a field can hold. */
    private static String bounded(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        return stripped.length() > max ? stripped.substring(0, max) : stripped;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A datetime-local value (UTC) becomes an ISO-8601 instant; anything else is passed on as typed. */
    private static String toIso(String value) {
        if (value != null && LOCAL_TIME.matcher(value).matches()) {
            return value.length() == 16 ? value + ":00Z" : value + "Z";
        }
        return value;
    }

    private static Instant instant(String value) {
        return dev.bonafide.web.QueryParams.instant("time", toIso(value));
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw Refusal.invalidField("baseVersion", "must be a ruleset version");
        }
    }

    private static Integer parseInt(String value, String field, List<FieldError> errors) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number"));
            return null;
        }
    }

    private static Long parseCount(String value, String field, List<FieldError> errors) {
        try {
            return value == null || value.isBlank() ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number from 0 to 10000000"));
            return null;
        }
    }

    private static List<FieldError> violations(ConstraintViolationException e) {
        return e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
    }

    private static String lastNode(String path) {
        // "screen.request.requester.id" -> "requester.id": drop the method and parameter names.
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : path;
    }
}
