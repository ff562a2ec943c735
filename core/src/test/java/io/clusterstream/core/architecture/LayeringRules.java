package io.clusterstream.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module layering, schemas &lt;- core &lt;- {trainer, stream-app}, as ArchUnit rules. Maven already refuses a
 * dependency that is not declared; these rules also catch the ones that are declared but must not be, and name
 * the offending class. Each module checks the rules that concern its own production classes.
 */
public final class LayeringRules {

    public static final String SCHEMAS = "io.clusterstream.schemas..";
    public static final String CORE = "io.clusterstream.core..";
    public static final String TRAINER = "io.clusterstream.trainer..";
    public static final String STREAM = "io.clusterstream.stream..";

    /** The wire contracts stand alone. */
    public static final ArchRule SCHEMAS_DEPEND_ON_NO_OTHER_MODULE = noClasses()
            .that().resideInAPackage(SCHEMAS)
            .should().dependOnClassesThat().resideInAnyPackage(CORE, TRAINER, STREAM)
            .because("schemas is the bottom layer");

    /** core is shared by trainer and stream job, so it must not pull in either, nor Flink or Kafka. */
    public static final ArchRule CORE_IS_ENGINE_INDEPENDENT = noClasses()
            .that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(TRAINER, STREAM, "org.apache.flink..", "org.apache.kafka..")
            .because("core is shared by trainer and stream-app and carries no Flink or Kafka");

    public static final ArchRule TRAINER_DOES_NOT_USE_STREAM_APP = noClasses()
            .that().resideInAPackage(TRAINER)
            .should().dependOnClassesThat().resideInAPackage(STREAM)
            .because("trainer and stream-app only meet through snapshots and Kafka topics");

    public static final ArchRule STREAM_APP_DOES_NOT_USE_TRAINER = noClasses()
            .that().resideInAPackage(STREAM)
            .should().dependOnClassesThat().resideInAPackage(TRAINER)
            .because("trainer and stream-app only meet through snapshots and Kafka topics");

    /** The production classes of the given packages, from the test's class path. */
    public static JavaClasses productionClasses(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(packages);
    }

    private LayeringRules() {}
}
