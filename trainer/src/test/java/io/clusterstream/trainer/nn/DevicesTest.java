package io.clusterstream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DevicesTest {

    @Test
    void parsesCpuGpuAndNumberedGpu() {
        assertEquals(Device.cpu(), Devices.parse("cpu"));
        assertEquals(Device.cpu(), Devices.parse(" CPU "));
        assertEquals(Device.gpu(0), Devices.parse("gpu"));
        assertEquals(Device.gpu(3), Devices.parse("gpu:3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tpu", "gpu:", "gpu:-1", "gpu:x", "cuda:0", "cpu:0"})
    void rejectsAnythingElseNamingTheAcceptedForms(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.parse(value));
        assertTrue(e.getMessage().contains("expected cpu, gpu or gpu:N"), e.getMessage());
    }

    @Test
    void trainingUsesTheCpuOnAMachineWithoutGpus() {
        if (Engine.getEngine(Devices.ENGINE).getGpuCount() == 0) {
            assertEquals(Device.cpu(), Devices.training());
            assertEquals(Device.cpu(), Devices.select(null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.select("gpu:0"));
            assertTrue(e.getMessage().contains("0 GPU"), e.getMessage());
        } else {
            assertEquals(Device.gpu(0), Devices.training());
        }
        assertEquals(Device.cpu(), Devices.select("cpu"));
    }
}
