package io.clusterstream.trainer.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.clusterstream.core.data.Cifar10PngReader;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.trainer.nn.Devices;
import io.clusterstream.trainer.nn.Projection;
import io.clusterstream.trainer.nn.ResNetEncoder;
import io.clusterstream.trainer.nn.Stem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training throughput of the trainer's network (bench/train-throughput.sh runs it next to bench/torch_reference.py,
 * the same training step in Python torch): ResNet-18 width 0.25, CIFAR stem, projection 128→128→128, NT-Xent (τ 0.5)
 * over two random-crop (4-pixel zero padding) + horizontal-flip views of each CIFAR-10 image, SGD lr 0.1 momentum 0.9.
 * Both views go through the network as one batch of 2B. A timed step covers augmentation, the copy into the engine,
 * forward, backward, the optimiser step and reading the loss back.
 *
 * <p>System properties: {@code bench.batch} (256), {@code bench.steps} (10), {@code bench.warmup} (2), {@code
 * bench.pool} (images cycled, 2560, from the CIFAR-10 test batch), {@code bench.dump} (file to write the pool to as
 * little-endian float32 N×3×32×32, for the Python peer), {@code bench.seed} (0).
 */
public final class TrainThroughputBenchmark {

    private static final int SIDE = 32;
    private static final int CHANNELS = 3;
    private static final int PAD = 4;
    private static final float TAU = 0.5f;

    private TrainThroughputBenchmark() {}

    public static void main(String[] args) throws IOException {
        int batch = Integer.getInteger("bench.batch", 256);
        int steps = Integer.getInteger("bench.steps", 10);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int poolSize = Integer.getInteger("bench.pool", 2560);
        long seed = Long.getLong("bench.seed", 0L);
        float[] pool = loadPool(poolSize);
        String dump = System.getProperty("bench.dump", "");
        if (!dump.isEmpty()) {
            writeFloats(Path.of(dump), pool);
        }

        Engine engine = Engine.getEngine(Devices.ENGINE);
        engine.setRandomSeed((int) seed);
        System.err.printf("engine %s %s, intra-op threads %d, inter-op threads %d, device %s%n", engine.getEngineName(),
                engine.getVersion(), ai.djl.pytorch.jni.JniUtils.getNumThreads(), ai.djl.pytorch.jni.JniUtils.getNumInteropThreads(),
                Devices.training());
        ResNetEncoder encoder = ResNetEncoder.builder().depth(18).width(0.25).stem(Stem.CIFAR).inputChannels(CHANNELS).build();
        Projection projection = Projection.of(encoder.featureDim(), 128, 128);
        try (Model model = Model.newInstance("throughput", Devices.training(), Devices.ENGINE)) {
            model.setBlock(new SequentialBlock().add(encoder).add(projection));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()) // the loss below is computed by hand
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f).build())
                    .optDevices(new Device[] {Devices.training()});
            try (Trainer trainer = model.newTrainer(config)) {
                Shape input = new Shape(2L * batch, CHANNELS, SIDE, SIDE);
                trainer.initialize(input);
                Random random = new Random(seed);
                int perImage = CHANNELS * SIDE * SIDE;
                float[] views = new float[2 * batch * perImage];
                NDArray positives = positiveMask(model.getNDManager(), batch);
                int cursor = 0;
                double seconds = 0;
                double lastLoss = Double.NaN;
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(warmup + steps)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build()) {
                    for (int step = 0; step < warmup + steps; step++) {
                        long started = System.nanoTime();
                        for (int i = 0; i < batch; i++) {
                            int source = (cursor + i) % poolSize;
                            augment(pool, source * perImage, views, i * perImage, random);
                            augment(pool, source * perImage, views, (batch + i) * perImage, random);
                        }
                        cursor = (cursor + batch) % poolSize;
                        try (NDManager scope = model.getNDManager().newSubManager();
                             GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray x = scope.create(views, input);
                            NDArray z = trainer.forward(new NDList(x)).singletonOrThrow();
                            NDArray loss = ntXent(z, positives);
                            collector.backward(loss);
                            trainer.step();
                            lastLoss = loss.getFloat();
                        }
                        if (step >= warmup) {
                            seconds += (System.nanoTime() - started) / 1e9;
                        }
                        bar.step();
                    }
                }
                System.out.printf("java-djl: engine %s %s, %d intra-op threads%n", engine.getEngineName(), engine.getVersion(),
                        ai.djl.pytorch.jni.JniUtils.getNumThreads());
                System.out.printf("java-djl: %d steps of batch %d (2 views) in %.2f s, final loss %.4f%n", steps, batch, seconds, lastLoss);
                System.out.printf("java-djl images/s: %.1f%n", steps * (double) batch / seconds);
            }
        }
    }

    /** NT-Xent over the 2B rows of {@code z}: row u's positive is row (u + B) mod 2B; the diagonal is excluded. */
    static NDArray ntXent(NDArray z, NDArray positives) {
        NDArray unit = z.div(z.norm(new int[] {1}, true).maximum(1e-12f));
        NDArray logits = unit.matMul(unit.transpose()).div(TAU);
        long rows = logits.getShape().get(0);
        NDArray masked = logits.sub(logits.getManager().eye((int) rows).mul(1e9f));
        return masked.logSoftmax(1).mul(positives).sum(new int[] {1}).mean().neg();
    }

    private static NDArray positiveMask(NDManager manager, int batch) {
        float[] mask = new float[4 * batch * batch];
        for (int u = 0; u < 2 * batch; u++) {
            mask[u * 2 * batch + (u + batch) % (2 * batch)] = 1f;
        }
        return manager.create(mask, new Shape(2L * batch, 2L * batch));
    }

    /** Random 32x32 crop of the image zero-padded by 4 on each side, flipped horizontally with probability 1/2. */
    private static void augment(float[] pool, int from, float[] out, int to, Random random) {
        int dy = random.nextInt(2 * PAD + 1) - PAD;
        int dx = random.nextInt(2 * PAD + 1) - PAD;
        boolean flip = random.nextBoolean();
        for (int c = 0; c < CHANNELS; c++) {
            int plane = c * SIDE * SIDE;
            for (int y = 0; y < SIDE; y++) {
                int sy = y + dy;
                for (int x = 0; x < SIDE; x++) {
                    int sx = (flip ? SIDE - 1 - x : x) + dx;
                    boolean inside = sy >= 0 && sy < SIDE && sx >= 0 && sx < SIDE;
                    out[to + plane + y * SIDE + x] = inside ? pool[from + plane + sy * SIDE + sx] : 0f;
                }
            }
        }
    }

    private static float[] loadPool(int size) {
        LabeledImages test = Cifar10PngReader.fromDataDir().readTest();
        if (size > test.size()) {
            throw new IllegalArgumentException("bench.pool " + size + " exceeds the " + test.size() + " CIFAR-10 test images");
        }
        Preprocessor preprocessor = new Preprocessor(StandardPreprocessing.CIFAR10);
        float[] pool = new float[size * preprocessor.tensorSize()];
        for (int i = 0; i < size; i++) {
            preprocessor.toTensor(test.image(i), pool, i * preprocessor.tensorSize());
        }
        return pool;
    }

    private static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes.array());
        }
    }
}
