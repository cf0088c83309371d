/**
 * Feedback: what the recipient finally did about a screened request (ACCEPTED, IGNORED, REPORTED).
 * {@code FeedbackResource} (HTTP only) → {@code FeedbackService} (checks, metrics, what to answer)
 * → {@code FeedbackStore} (the storage port: the outcome in force, its change history and the
 * statistics it moves, in one transaction under the screening's lock). The later outcome by
 * {@code occurredAt} is in force, so a retry or a late duplicate changes nothing.
 */
package dev.bonafide.feedback;
