package dev.bonafide.storage;

import dev.bonafide.backtest.BacktestStore;
import dev.bonafide.classifier.ClassifierStore;
import dev.bonafide.config.BonafideConfig;
import dev.bonafide.feedback.FeedbackStore;
import dev.bonafide.screening.FactsConverter;
import dev.bonafide.screening.ScreeningStore;
import dev.bonafide.stats.StatsStore;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.quarkus.datasource.common.runtime.DatabaseKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/** Chooses the stores' dialect once, at start-up, from Quarkus' own database kind. */
@ApplicationScoped
public class StorageProducers {

    @Produces
    @ApplicationScoped
    ScreeningStore screeningStore(DataSource dataSource, FactsConverter factsJson, Config config) {
        return postgres(config)
                ? new PostgresScreeningStore(dataSource, factsJson)
                : new H2ScreeningStore(dataSource, factsJson);
    }

    @Produces
    @ApplicationScoped
    FeedbackStore feedbackStore(DataSource dataSource, Config config, BonafideConfig settings) {
        return new JdbcFeedbackStore(
                dataSource,
                postgres(config) ? new Rollups.Postgres() : new Rollups.H2(),
                classifierCounts(dataSource, config),
                settings.classifier().scope());
    }

    @Produces
    @ApplicationScoped
    ClassifierStore classifierStore(DataSource dataSource, Config config) {
        return classifierCounts(dataSource, config);
    }

    private static ClassifierCounts classifierCounts(DataSource dataSource, Config config) {
        return postgres(config) ? new ClassifierCounts.Postgres(dataSource) : new ClassifierCounts.H2(dataSource);
    }

    @Produces
    @ApplicationScoped
    StatsStore statsStore(DataSource dataSource) {
        return new JdbcStatsStore(dataSource);
    }

    @Produces
    @ApplicationScoped
    BacktestStore backtestStore(DataSource dataSource, FactsConverter factsJson) {
        return new JdbcBacktestStore(dataSource, factsJson);
    }

    /**
     * The fair-use buckets shared by every instance, in PostgreSQL (rows of rate_bucket, locked with
     * SELECT ... FOR UPDATE); a row expires once its bucket would have refilled. Only used with
     * {@code bonafide.rate-limit.shared}, which needs PostgreSQL.
     */
    @Produces
    @ApplicationScoped
    ProxyManager<String> sharedRateBuckets(DataSource dataSource) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_bucket")
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    /** PostgreSQL or H2, from Quarkus' own setting; anything else stops the start. */
    private static boolean postgres(Config config) {
        String kind = config.getValue("quarkus.datasource.db-kind", String.class);
        if (DatabaseKind.isPostgreSQL(kind)) {
            return true;
        }
        if (DatabaseKind.isH2(kind)) {
            return false;
        }
        throw new IllegalStateException(
                "quarkus.datasource.db-kind " + kind + " is not supported: use h2 or postgresql");
    }
}
