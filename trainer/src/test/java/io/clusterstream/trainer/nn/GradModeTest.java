package io.clusterstream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

class GradModeTest {

    @Test
    void aParameterCanBeUpdatedInPlaceOnAThreadWhoseGradModeWasOn() {
        try (NDManager manager = NDManager.newBaseManager(Devices.ENGINE)) {
            NDArray parameter = manager.create(new float[] {1, 2, 3});
            parameter.setRequiresGradient(true);
            boolean before = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            try {
                assertThrows(EngineException.class, () -> parameter.subi(1f), "PyTorch refuses with grad mode on");
                try (GradMode ignored = GradMode.off()) {
                    assertFalse(JniUtils.isGradMode());
                    parameter.subi(1f);
                }
                assertTrue(JniUtils.isGradMode(), "closing restores the thread's previous mode");
                assertArrayEquals(new float[] {0, 1, 2}, parameter.toFloatArray());
            } finally {
                JniUtils.setGradMode(before);
            }
        }
    }
}
