package io.clusterstream.core.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.clusterstream.core.layeringprobe.CoreClassReachingIntoTrainer;
import io.clusterstream.trainer.layeringprobe.TrainerOnlyType;
import org.junit.jupiter.api.Test;

class LayeringRulesTest {

    @Test
    void aCoreClassThatUsesTheTrainerBreaksTheRuleAndIsNamed() {
        JavaClasses probe = new ClassFileImporter().importClasses(CoreClassReachingIntoTrainer.class, TrainerOnlyType.class);

        AssertionError failure = assertThrows(AssertionError.class, () -> LayeringRules.CORE_IS_ENGINE_INDEPENDENT.check(probe));

        assertTrue(failure.getMessage().contains(CoreClassReachingIntoTrainer.class.getName()), failure.getMessage());
    }
}
