package io.clusterstream.trainer.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchPipelineTest {

    private static final LabeledImages IMAGES = CifarFixture.load();
    private static final AugmentationPolicy MICE = AugmentationPolicy.mice(StandardPreprocessing.CIFAR10);

    /** Every batch of one epoch, copied (the pipeline reuses its arrays). */
    private static List<float[][]> epoch(BatchPipeline pipeline, int epoch) {
        List<float[][]> batches = new ArrayList<>();
        Iterator<AugmentedBatch> it = pipeline.epoch(epoch);
        while (it.hasNext()) {
            AugmentedBatch batch = it.next();
            float[][] copy = new float[batch.views() + 1][];
            for (int v = 0; v < batch.views(); v++) {
                copy[v] = batch.view(v).clone();
            }
            copy[batch.views()] = toFloats(batch.indices());
            batches.add(copy);
        }
        return batches;
    }

    private static float[] toFloats(int[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = values[i];
        }
        return floats;
    }

    private static BatchPipeline.Builder builder() {
        return BatchPipeline.builder(IMAGES, MICE).batchSize(64).views(2).seed(7).prefetch(3);
    }

    private static void assertSameBatches(List<float[][]> expected, List<float[][]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int b = 0; b < expected.size(); b++) {
            for (int v = 0; v < expected.get(b).length; v++) {
                assertArrayEquals(expected.get(b)[v], actual.get(b)[v], "batch " + b + " part " + v);
            }
        }
    }

    @Test
    void batchesAreTheSameBytesWhateverTheThreadCount() {
        List<float[][]> oneThread;
        try (BatchPipeline pipeline = builder().threads(1).build()) {
            oneThread = epoch(pipeline, 0);
            assertSameBatches(oneThread, epoch(pipeline, 0)); // and again after its buffers were recycled
        }
        try (BatchPipeline pipeline = builder().threads(3).prefetch(4).build()) {
            assertSameBatches(oneThread, epoch(pipeline, 0));
        }
    }

    @Test
    void anEpochStartedBeforeTheLastOneEndedStillHasTheSameBatches() {
        try (BatchPipeline pipeline = builder().threads(2).build()) {
            List<float[][]> complete = epoch(pipeline, 3);
            Iterator<AugmentedBatch> abandoned = pipeline.epoch(3);
            abandoned.next();
            assertSameBatches(complete, epoch(pipeline, 3));
            assertFalse(abandoned.hasNext());
            assertThrows(IllegalStateException.class, abandoned::next);
        }
    }

    @Test
    void epochsAndSeedsChangeOrderAndViews() {
        try (BatchPipeline pipeline = builder().threads(1).build();
             BatchPipeline otherSeed = builder().seed(8).threads(1).build()) {
            float[][] first = epoch(pipeline, 0).get(0);
            float[][] nextEpoch = epoch(pipeline, 1).get(0);
            float[][] seedEight = epoch(otherSeed, 0).get(0);
            assertFalse(Arrays.equals(first[2], nextEpoch[2]), "epoch 1 has the same order");
            assertFalse(Arrays.equals(first[2], seedEight[2]), "seed 8 has the same order");
            assertFalse(Arrays.equals(first[0], first[1]), "two views of a batch are equal");
        }
    }

    @Test
    void anEpochVisitsEachImageAtMostOnceDroppingTheLastPartialBatch() {
        try (BatchPipeline pipeline = builder().views(3).threads(2).build()) {
            assertEquals(4, pipeline.batchesPerEpoch()); // 300 / 64
            Set<Integer> seen = new HashSet<>();
            Iterator<AugmentedBatch> it = pipeline.epoch(5);
            int count = 0;
            while (it.hasNext()) {
                AugmentedBatch batch = it.next();
                assertEquals(count++, batch.number());
                assertEquals(64, batch.size());
                assertEquals(3, batch.views());
                assertEquals(64 * 3 * 32 * 32, batch.view(2).length);
                assertEquals(new ViewShape(3, 32, 32), batch.shape());
                for (int i = 0; i < batch.size(); i++) {
                    assertTrue(seen.add(batch.indices()[i]), "image " + batch.indices()[i] + " twice");
                    assertEquals(IMAGES.label(batch.indices()[i]), batch.labels()[i]);
                }
            }
            assertEquals(4, count);
            assertEquals(256, seen.size());
            assertThrows(java.util.NoSuchElementException.class, it::next);
        }
    }

    @Test
    void aViewIsTheAugmenterOutputForItsDerivedSeed() {
        try (BatchPipeline pipeline = builder().threads(1).build()) {
            AugmentedBatch batch = pipeline.epoch(2).next();
            int index = batch.indices()[5];
            float[] expected = new float[3 * 32 * 32];
            new Augmenter(MICE).augment(IMAGES, index, AugmentationSeeds.view(7, 2, index, 1), expected, 0);
            assertArrayEquals(expected, Arrays.copyOfRange(batch.view(1), 5 * expected.length, 6 * expected.length));
        }
    }

    @Test
    void perViewPoliciesAreUsedForTheirView() {
        AugmentationPolicy identity = AugmentationPolicy.identity(StandardPreprocessing.CIFAR10);
        try (BatchPipeline pipeline = builder().viewPolicies(List.of(identity, MICE)).threads(1).build()) {
            AugmentedBatch batch = pipeline.epoch(0).next();
            float[] served = new io.clusterstream.core.image.Preprocessor(StandardPreprocessing.CIFAR10)
                    .toTensor(IMAGES.image(batch.indices()[0]));
            assertArrayEquals(served, Arrays.copyOf(batch.view(0), served.length));
            assertFalse(Arrays.equals(served, Arrays.copyOf(batch.view(1), served.length)));
        }
        AugmentationPolicy grey = AugmentationPolicy.identity(StandardPreprocessing.FASHION_MNIST);
        assertThrows(IllegalArgumentException.class, () -> builder().viewPolicies(List.of(MICE, grey)));
    }

    @Test
    void aWorkersExceptionIsThrownOnTheConsumersThread() {
        AugmentationPolicy failing = MICE.withStep((canvas, random) -> {
            throw new IllegalStateException("step failed on purpose");
        });
        try (BatchPipeline pipeline = BatchPipeline.builder(IMAGES, failing).batchSize(32).threads(2).build()) {
            Iterator<AugmentedBatch> it = pipeline.epoch(0);
            AugmentationException thrown = assertThrows(AugmentationException.class, it::next);
            assertInstanceOf(IllegalStateException.class, thrown.getCause());
            assertTrue(thrown.getMessage().contains("batch 0 of epoch 0"), thrown.getMessage());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void closeStopsTheWorkers() throws InterruptedException {
        BatchPipeline pipeline = builder().threads(2).prefetch(4).build();
        Iterator<AugmentedBatch> it = pipeline.epoch(0);
        it.next();
        List<Thread> workers = pipeline.workerThreads();
        assertFalse(workers.isEmpty());
        pipeline.close();
        for (Thread worker : workers) {
            worker.join(10_000);
            assertFalse(worker.isAlive(), worker.getName() + " still runs");
        }
        assertThrows(IllegalStateException.class, it::next);
        assertThrows(IllegalStateException.class, () -> pipeline.epoch(1));
    }

    @Test
    void badSettingsAreRejectedWithTheReason() {
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> BatchPipeline.builder(IMAGES, MICE).batchSize(301).build());
        assertTrue(tooBig.getMessage().contains("301"), tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder().threads(0));
        assertThrows(IllegalArgumentException.class, () -> builder().prefetch(0));
        assertThrows(IllegalArgumentException.class, () -> builder().views(0));
    }
}
