package io.clusterstream.trainer;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.clusterstream.core.architecture.LayeringRules;
import org.junit.jupiter.api.Test;

class TrainerLayeringTest {

    @Test
    void trainerDoesNotDependOnTheStreamApp() {
        JavaClasses trainer = LayeringRules.productionClasses("io.clusterstream.trainer");
        assertFalse(trainer.isEmpty(), "no trainer classes were imported");
        LayeringRules.TRAINER_DOES_NOT_USE_STREAM_APP.check(trainer);
    }
}
