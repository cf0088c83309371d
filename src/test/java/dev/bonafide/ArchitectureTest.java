package dev.bonafide;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.bonafide.storage.SqlFailures;
import org.junit.jupiter.api.Test;

/**
 * The layering: the scoring engine is plain Java (tested in milliseconds, benchmarked without a
 * container); only resources and {@code web} know HTTP and problem+json; the database is reached
 * through the storage port.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bonafide");

    /** The benchmark floor and the evaluation tool are not part of what ships. */
    @Test
    void whatShipsIsTheService() {
        noClasses()
                .should()
                .resideInAnyPackage("dev.bonafide.bench..", "dev.bonafide.evaluation..")
                .check(CLASSES);
    }

    @Test
    void engineImportsNoFrameworks() {
        noClasses()
                .that()
                .resideInAPackage("dev.bonafide.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..",
                        "jakarta.ws.rs..",
                        "jakarta.persistence..",
                        "jakarta.enterprise..",
                        "jakarta.transaction..",
                        "org.hibernate..",
                        "io.micrometer..",
                        "io.vertx..",
                        "org.jboss.resteasy..")
                .check(CLASSES);
    }

    @Test
    void engineDoesNotReachIntoTheService() {
        noClasses()
                .that()
                .resideInAPackage("dev.bonafide.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.bonafide.screening..",
                        "dev.bonafide.rules..",
                        "dev.bonafide.web..",
                        "dev.bonafide.config..")
                .check(CLASSES);
    }

    @Test
    void engineDependsOnlyOnTheJdkCelAndJackson() {
        classes()
                .that()
                .resideInAPackage("dev.bonafide.engine..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        "dev.bonafide.engine..",
                        "dev.cel..",
                        "com.google.protobuf..",
                        "com.google.common..",
                        "com.google.re2j..",
                        "com.fasterxml.jackson..")
                .check(CLASSES);
    }

    @Test
    void onlyResourcesAndWebDependOnWeb() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.bonafide.web..")
                .and()
                .haveSimpleNameNotEndingWith("Resource")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.bonafide.web..")
                .because("services and storage refuse with a Refusal; ProblemMappers decides the answer")
                .check(CLASSES);
    }

    @Test
    void nothingOutsideWebBuildsAProblemOrAStatus() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.bonafide.web..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.bonafide.web.Problem")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.bonafide.web.ProblemMappers")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("jakarta.ws.rs.WebApplicationException")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo("jakarta.ws.rs.WebApplicationException")
                .check(CLASSES);
    }

    @Test
    void refusalsKnowNoHttp() {
        noClasses()
                .that()
                .resideInAPackage("dev.bonafide.refusal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..", "dev.bonafide.web..", "io.vertx..")
                .check(CLASSES);
    }

    @Test
    void storageIsReachedOnlyThroughItsPort() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.bonafide.storage..")
                .should()
                .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.bonafide.storage..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(SqlFailures.class))))
                .because("the adapters are chosen at start-up and reached as ScreeningStore; "
                        + "SqlFailures is the one list of SQL states the service acts on")
                .check(CLASSES);
    }

    @Test
    void sqlIsWrittenOnlyInStorageAndTheIdempotencyStore() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.bonafide.storage..", "dev.bonafide.idempotency..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.sql.PreparedStatement")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("javax.sql.DataSource")
                .check(CLASSES);
    }

    @Test
    void storageDependsOnTheCoreNeverTheOtherWay() {
        noClasses()
                .that()
                .resideInAPackage("dev.bonafide.storage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.bonafide.web..", "jakarta.ws.rs..")
                .check(CLASSES);
    }

    /**
     * The console has no second way to change anything: it reads and changes only through the API's
     * resources (with their role checks, validation, If-Match and idempotency), never a service, a
     * store or the ruleset in force directly.
     */
    @Test
    void theConsoleGoesThroughTheApisResources() {
        noClasses()
                .that()
                .resideInAPackage("dev.bonafide.console..")
                .should()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Service")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Store")
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.bonafide.storage..", "dev.bonafide.idempotency..")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("ActiveRuleset")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("GroupCommit")
                .check(CLASSES);
    }
}
