package dev.bonafide.storage;

import dev.bonafide.screening.FactsConverter;
import dev.bonafide.screening.ScreeningStore;
import io.quarkus.datasource.common.runtime.DatabaseKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/** Chooses the screening store's dialect once, at start-up, from Quarkus' own database kind. */
@ApplicationScoped
public class StorageProducers {

    @Produces
    @ApplicationScoped
    ScreeningStore screeningStore(DataSource dataSource, FactsConverter factsJson, Config config) {
        String kind = config.getValue("quarkus.datasource.db-kind", String.class);
        if (DatabaseKind.isPostgreSQL(kind)) {
            return new PostgresScreeningStore(dataSource, factsJson);
        }
        if (DatabaseKind.isH2(kind)) {
            return new H2ScreeningStore(dataSource, factsJson);
        }
        throw new IllegalStateException(
                "quarkus.datasource.db-kind " + kind + " is not supported: use h2 or postgresql");
    }
}
