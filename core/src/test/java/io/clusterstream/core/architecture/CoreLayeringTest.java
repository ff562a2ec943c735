package io.clusterstream.core.architecture;

import static io.clusterstream.core.architecture.LayeringRules.productionClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class CoreLayeringTest {

    @Test
    void coreDependsOnNeitherTrainerNorStreamAppNorEngines() {
        JavaClasses core = productionClasses("io.clusterstream.core");
        assertFalse(core.isEmpty(), "no core classes were imported");
        LayeringRules.CORE_IS_ENGINE_INDEPENDENT.check(core);
    }

    @Test
    void schemasDependOnNoOtherModule() {
        // schemas arrives as a jar (or a reactor classes folder), so import it with jars included.
        JavaClasses schemas = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clusterstream.schemas");
        assertFalse(schemas.isEmpty(), "no schemas classes were imported");
        LayeringRules.SCHEMAS_DEPEND_ON_NO_OTHER_MODULE.check(schemas);
    }
}
