/**
 * Idempotency keys: a key and the answer it got, stored in the same transaction as the work (a
 * screening, a rule change), so that a retry gets the original answer on any instance and the work
 * is done once. The HTTP edge only checks the header's form.
 */
package dev.bonafide.idempotency;
