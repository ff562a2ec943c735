package io.clusterstream.trainer.augment.bench;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.trainer.augment.AugmentationPolicy;
import io.clusterstream.trainer.augment.AugmentationSeeds;
import io.clusterstream.trainer.augment.AugmentedBatch;
import io.clusterstream.trainer.augment.Augmenter;
import io.clusterstream.trainer.augment.BatchPipeline;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Augmentation cost (bench/augment-cost.sh, docs/benchmarks.md "Augmentation cost"): views per second on one thread
 * for each method's policy at 32x32 on the CIFAR-10 fixture, against the peer measured in the same run, the serving
 * preprocessing alone (the identity policy); the implied share of a training step at the assumed training rates; and
 * the {@link BatchPipeline}'s delivered rate with one worker. Figures on standard output, progress on standard error.
 */
public final class AugmentCostBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(AugmentCostBenchmark.class);
    private static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.warmup.seconds", "2"));
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "1"));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
    /** Assumed training rates of ResNet-18 width 0.25 on the reference machine, training images per second. */
    private static final double[] TRAIN_RATES = {210, 345};

    private AugmentCostBenchmark() {}

    public static void main(String[] args) {
        LabeledImages images = CifarFixture.load();
        Map<String, Method> methods = new LinkedHashMap<>();
        methods.put("serving preprocessing (peer)", new Method(
                AugmentationPolicy.identity(StandardPreprocessing.CIFAR10), 1));
        methods.put("MiCE", new Method(AugmentationPolicy.mice(StandardPreprocessing.CIFAR10), 3));
        methods.put("CC / SimCLR / TCC", new Method(AugmentationPolicy.cc(StandardPreprocessing.CIFAR10), 2));
        methods.put("MIX'EM", new Method(AugmentationPolicy.mixem(StandardPreprocessing.CIFAR10), 2));

        Map<String, Augmenter> augmenters = new LinkedHashMap<>();
        Map<String, List<Measurement>> rounds = new LinkedHashMap<>();
        for (Map.Entry<String, Method> entry : methods.entrySet()) {
            Augmenter augmenter = new Augmenter(entry.getValue().policy());
            LOG.info("warming up {} ({} s)", entry.getKey(), WARMUP_SECONDS);
            run(augmenter, images, new float[augmenter.tensorSize()], WARMUP_SECONDS);
            augmenters.put(entry.getKey(), augmenter);
            rounds.put(entry.getKey(), new ArrayList<>());
        }
        // Round-robin, so load from other processes on the machine hits every policy alike; the median is reported.
        for (int round = 0; round < ROUNDS; round++) {
            LOG.info("round {} of {}", round + 1, ROUNDS);
            for (Map.Entry<String, Augmenter> entry : augmenters.entrySet()) {
                rounds.get(entry.getKey()).add(measure(entry.getValue(), images));
            }
        }
        Map<String, Measurement> results = new LinkedHashMap<>();
        rounds.forEach((name, measured) -> results.put(name, median(measured)));
        double peerRate = results.values().iterator().next().viewsPerCpuSecond();

        System.out.printf(Locale.ROOT, "Augmentation cost, 32x32 CIFAR-10 fixture (%d images), one thread, median of %d rounds of %.1f s%n",
                images.size(), ROUNDS, SECONDS);
        System.out.printf(Locale.ROOT, "%-30s %12s %12s %10s %14s %6s %22s%n", "policy", "views/cpu-s", "views/s",
                "vs peer",
                "alloc B/view", "views", "share of step @210|345");
        for (Map.Entry<String, Measurement> entry : results.entrySet()) {
            Method method = methods.get(entry.getKey());
            Measurement m = entry.getValue();
            StringBuilder shares = new StringBuilder();
            for (double trainRate : TRAIN_RATES) {
                // CPU seconds of preparation per training image over the seconds one training image takes
                double share = method.views() / m.viewsPerCpuSecond() * trainRate;
                shares.append(shares.length() == 0 ? "" : " | ").append(String.format(Locale.ROOT, "%.1f%%", 100 * share));
            }
            System.out.printf(Locale.ROOT, "%-30s %12.0f %12.0f %10.3f %14.0f %6d %22s%n", entry.getKey(),
                    m.viewsPerCpuSecond(), m.viewsPerSecond(), m.viewsPerCpuSecond() / peerRate,
                    m.allocatedBytesPerView(), method.views(), shares);
        }

        LOG.info("measuring the batch pipeline (MiCE, 3 views, batch 256, 1 worker)");
        double pipelineRate = pipelineImagesPerSecond(images);
        System.out.printf(Locale.ROOT, "BatchPipeline MiCE, batch 256, 3 views, 1 worker, prefetch 3: %.0f images/s "
                + "(%.0f views/s)%n", pipelineRate, 3 * pipelineRate);
    }

    private record Method(AugmentationPolicy policy, int views) {}

    /** Views per second of wall time and of this thread's CPU time (robust to other processes' load). */
    private record Measurement(double viewsPerSecond, double viewsPerCpuSecond, double allocatedBytesPerView) {}

    private static Measurement median(List<Measurement> measured) {
        List<Measurement> sorted = new ArrayList<>(measured);
        sorted.sort(Comparator.comparingDouble(Measurement::viewsPerCpuSecond));
        return sorted.get(sorted.size() / 2);
    }

    private static Measurement measure(Augmenter augmenter, LabeledImages images) {
        float[] view = new float[augmenter.tensorSize()];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long views = run(augmenter, images, view, SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        return new Measurement(views / seconds, views / cpuSeconds, (double) allocated / views);
    }

    private static long run(Augmenter augmenter, LabeledImages images, float[] view, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long views = 0;
        float sink = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < images.size(); i++) {
                augmenter.augment(images, i, AugmentationSeeds.view(1, (int) (views >>> 20), i, (int) views), view, 0);
                sink += view[(int) (views % view.length)];
                views++;
            }
        }
        if (sink == Float.MIN_VALUE) {
            System.err.println(sink); // keeps the work observable to the JIT
        }
        return views;
    }

    private static double pipelineImagesPerSecond(LabeledImages fixture) {
        // 300 images make one 256-image batch per epoch, so repeat them to get several batches per epoch
        LabeledImages images = LabeledImages.concat(fixture, fixture, fixture, fixture, fixture, fixture, fixture,
                fixture, fixture, fixture);
        try (BatchPipeline pipeline = BatchPipeline.builder(images,
                AugmentationPolicy.mice(StandardPreprocessing.CIFAR10)).batchSize(256).views(3).threads(1)
                .prefetch(3).seed(0).build()) {
            long end = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
            double seconds = Math.max(5, SECONDS * ROUNDS);
            int epoch = 0;
            while (System.nanoTime() < end) {
                drain(pipeline.epoch(epoch++));
            }
            long start = System.nanoTime();
            end = start + (long) (seconds * 1e9);
            long delivered = 0;
            while (System.nanoTime() < end) {
                delivered += drain(pipeline.epoch(epoch++));
            }
            return delivered / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static long drain(Iterator<AugmentedBatch> batches) {
        long images = 0;
        while (batches.hasNext()) {
            images += batches.next().size();
        }
        return images;
    }
}
