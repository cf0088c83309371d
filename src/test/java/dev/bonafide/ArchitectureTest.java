package dev.bonafide;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The scoring engine is plain Java: it is tested in milliseconds and benchmarked without a container. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bonafide");

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
}
