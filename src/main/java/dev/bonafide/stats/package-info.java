/**
 * Statistics: verdicts over time, the outcomes of each verdict, each rule's hits and precision per
 * ruleset version. {@code StatsResource} (HTTP only) → {@code StatsService} (windows, buckets,
 * precision) → {@code StatsStore} (the storage port: hourly counts that the screening and feedback
 * transactions keep up to date, so reading them costs the same at any number of screenings).
 */
package dev.bonafide.stats;
