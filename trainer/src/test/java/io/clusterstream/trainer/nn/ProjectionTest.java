package io.clusterstream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    @Test
    void mlpMapsInputToLastLayerWithReluBetweenLayersOnly() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE)) {
            Projection mlp = Projection.of(8, 16, 4);
            mlp.initialize(manager, DataType.FLOAT32, new Shape(5, 8));
            NDArray x = manager.randomNormal(new Shape(5, 8));
            NDArray out = mlp.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(5, 4), out.getShape());

            NDArray hidden = x.matMul(mlp.weight(0).transpose()).add(mlp.bias(0)).maximum(0f);
            NDArray expected = hidden.matMul(mlp.weight(1).transpose()).add(mlp.bias(1));
            assertTrue(out.allClose(expected, 1e-5, 1e-6, false));
            assertTrue(out.lt(0f).any().getBoolean(), "no activation after the last layer");
        }
    }

    @Test
    void linearIsOneLayerAndWeightsStartLikePytorchLinear() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE)) {
            Projection linear = Projection.linear(400, 300);
            linear.initialize(manager, DataType.FLOAT32, new Shape(1, 400));
            assertEquals(1, linear.depth());
            assertArrayEquals(new int[] {400, 300}, linear.layerDims(0));
            assertEquals(new Shape(300, 400), linear.weight(0).getShape());
            float bound = (float) (1 / Math.sqrt(400));
            assertTrue(linear.weight(0).abs().max().getFloat() <= bound);
            assertTrue(linear.weight(0).abs().max().getFloat() > 0.9f * bound);
            assertTrue(linear.bias(0).abs().max().getFloat() <= bound);
        }
    }

    @Test
    void badSizesAndWrongInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Projection.of(8));
        assertThrows(IllegalArgumentException.class, () -> Projection.of(8, 0));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Projection.of(8, 4).initialize(manager, DataType.FLOAT32, new Shape(2, 9)));
            assertTrue(e.getMessage().contains("(B, 8)"), e.getMessage());
        }
    }
}
