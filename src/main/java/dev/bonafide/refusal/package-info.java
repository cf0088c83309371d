/**
 * Refusals: the conditions under which the service declines a request (invalid input, an unknown
 * id, a stale version, a rule that does not compile, a store that cannot be reached, no ruleset
 * yet), named in the domain's words. Services and storage throw a {@link
 * dev.bonafide.refusal.Refusal}; only {@code dev.bonafide.web.ProblemMappers} decides the HTTP
 * status and problem+json body for each kind, so that one condition answers alike on every
 * endpoint. Nothing here knows HTTP.
 */
package dev.bonafide.refusal;
