package io.clusterstream.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.clusterstream.core.architecture.LayeringRules;
import org.junit.jupiter.api.Test;

class LocalLayeringTest {

    @Test
    void theLocalModeStartsTheTrainerAndStreamAppButUsesNoneOfTheirClasses() {
        JavaClasses local = LayeringRules.productionClasses("io.clusterstream.local");
        assertFalse(local.isEmpty(), "no local-mode classes were imported");
        noClasses().should().dependOnClassesThat().resideInAnyPackage(LayeringRules.TRAINER, LayeringRules.STREAM)
                .because("the local mode starts them as JVMs from their build output; nothing may depend on them")
                .check(local);
    }
}
