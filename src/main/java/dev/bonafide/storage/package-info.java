/**
 * The database adapters: {@link dev.bonafide.screening.ScreeningStore} in standard SQL ({@link
 * dev.bonafide.storage.JdbcScreeningStore}) with one subclass per dialect (H2, PostgreSQL), chosen at
 * start-up from {@code quarkus.datasource.db-kind} by {@link dev.bonafide.storage.StorageProducers};
 * and {@link dev.bonafide.storage.SqlFailures}, the one list of the SQL states the service acts on.
 * It alone maps the screening tables (screenings and their reasons are written and read with JDBC
 * here, nowhere else); the feedback and statistics stores beside it map theirs. Services reach this
 * package only through the ports.
 */
package dev.bonafide.storage;
