package io.clusterstream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    private static final Shape INPUT = new Shape(4, 3, 16, 16);

    @TempDir
    Path dir;

    @Test
    void aFreshIdenticalBlockLoadsEveryParameterAndComputesTheSame() throws Exception {
        try (Model trained = Model.newInstance("trained", Device.cpu(), Devices.ENGINE);
             Model restored = Model.newInstance("restored", Device.cpu(), Devices.ENGINE)) {
            NDManager m = trained.getNDManager();
            Block original = TrainingSteps.train(trained, INPUT, 2, step -> m.randomNormal(INPUT),
                    encoder(), Projection.of(16, 8, 4));
            Path file = dir.resolve("sub/model.params");
            Checkpoints.save(original, file);

            SequentialBlock copy = new SequentialBlock().add(encoder()).add(Projection.of(16, 8, 4));
            Checkpoints.load(copy, restored.getNDManager(), file);

            ParameterList expected = original.getParameters();
            ParameterList actual = copy.getParameters();
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.keyAt(i), actual.keyAt(i));
                assertArrayEquals(expected.valueAt(i).getArray().toFloatArray(),
                        actual.valueAt(i).getArray().toFloatArray(), expected.keyAt(i));
            }
            NDArray x = m.randomNormal(INPUT);
            NDArray before = original.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            NDArray after = copy.forward(new ParameterStore(restored.getNDManager(), false),
                    new NDList(x.toDevice(Device.cpu(), true)), false).singletonOrThrow();
            assertArrayEquals(before.toFloatArray(), after.toFloatArray());
            try (var files = Files.list(file.getParent())) {
                assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
            }
        }
    }

    @Test
    void savingAgainReplacesTheCheckpoint() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE)) {
            Path file = dir.resolve("model.params");
            Projection first = Projection.linear(4, 2);
            first.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4));
            Checkpoints.save(first, file);
            Projection second = Projection.linear(4, 2);
            second.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4));
            Checkpoints.save(second, file);
            Projection loaded = Projection.linear(4, 2);
            Checkpoints.load(loaded, manager, file);
            assertArrayEquals(second.weight(0).toFloatArray(), loaded.weight(0).toFloatArray());
        }
    }

    @Test
    void missingOrMismatchedCheckpointsFailClearly() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Devices.ENGINE)) {
            assertThrows(NoSuchFileException.class, () -> Checkpoints.load(Projection.linear(4, 2), manager, dir.resolve("none")));

            Path file = dir.resolve("small.params");
            Projection small = Projection.linear(4, 2);
            small.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4));
            Checkpoints.save(small, file);
            Exception e = assertThrows(Exception.class, () -> Checkpoints.load(encoder(), manager, file));
            assertTrue(e instanceof MalformedModelException || e instanceof IOException, e.toString());

            Files.write(dir.resolve("garbage.params"), new byte[] {1, 2, 3});
            Exception garbage = assertThrows(Exception.class, () -> Checkpoints.load(Projection.linear(4, 2), manager, dir.resolve("garbage.params")));
            assertTrue(garbage instanceof MalformedModelException || garbage instanceof IOException, garbage.toString());
        }
    }

    private static ResNetEncoder encoder() {
        return ResNetEncoder.builder().depth(18).width(0.03125).stem(Stem.CIFAR).build(); // 2, 4, 8, 16 channels
    }
}
