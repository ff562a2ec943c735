package io.clusterstream.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.clusterstream.core.architecture.LayeringRules;
import org.junit.jupiter.api.Test;

class StreamAppLayeringTest {

    @Test
    void streamAppDoesNotDependOnTheTrainer() {
        JavaClasses stream = LayeringRules.productionClasses("io.clusterstream.stream");
        assertFalse(stream.isEmpty(), "no stream-app classes were imported");
        LayeringRules.STREAM_APP_DOES_NOT_USE_TRAINER.check(stream);
    }
}
