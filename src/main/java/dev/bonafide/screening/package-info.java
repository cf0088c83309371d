/**
 * Screenings, read top to bottom: {@link dev.bonafide.screening.ScreeningResource} speaks HTTP and
 * nothing else; {@link dev.bonafide.screening.ScreeningService} applies the Idempotency-Key, takes
 * the ruleset in force, scores the request's own rules within the app's CPU share and decides what
 * to answer; {@link dev.bonafide.screening.GroupCommit} queues the screening and, on a writer of the
 * managed executor, commits it with the others that arrived together: it locks their requesters,
 * counts their history under the lock, scores the rules that read the history and inserts them,
 * all through {@link dev.bonafide.screening.ScreeningStore}, the storage port. Reading screenings
 * back (by id, as pages) and erasing their texts (on request, by retention) go through the same
 * port: {@link dev.bonafide.screening.Screening} is a plain class, mapped to its tables once, in
 * the storage package.
 */
package dev.bonafide.screening;
