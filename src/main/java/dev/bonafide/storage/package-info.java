/**
 * The database adapters: {@link dev.bonafide.screening.ScreeningStore} in standard SQL ({@link
 * dev.bonafide.storage.JdbcScreeningStore}) with one subclass per dialect (H2, PostgreSQL), chosen at
 * start-up from {@code quarkus.datasource.db-kind} by {@link dev.bonafide.storage.StorageProducers};
 * and {@link dev.bonafide.storage.SqlFailures}, the one list of the SQL states the service acts on.
 * Only the group commit and previews reach this package, and only through the port.
 */
package dev.bonafide.storage;
