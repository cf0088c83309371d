/**
 * Wiring: {@link dev.bonafide.config.BonafideConfig}, the one mapping of Bonafide's settings with
 * their defaults; the engine's producers and its warm-up at start; failure descriptions and the
 * single-line console filter that keep request text out of logs.
 */
package dev.bonafide.config;
