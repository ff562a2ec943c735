package io.clusterstream.trainer.augment;

import io.clusterstream.core.data.LabeledImages;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares augmented training batches ahead of the training loop on worker threads.
 *
 * <p>Each epoch visits the data set in a shuffled order (seeded by seed and epoch) and drops the last partial
 * batch. Every image becomes {@code views} views, view {@code v} made with that view's policy and a generator derived
 * from (seed, epoch, image index, v) by {@link AugmentationSeeds}: the batches of an epoch are the same bytes
 * whatever the thread count. Up to {@code prefetch} batches are prepared ahead (one per worker at a time, so use
 * {@code prefetch >= threads}); their arrays are recycled once the consumer moves on. A worker's exception is thrown
 * on the consumer's thread by the iterator's {@code next()} as an {@link AugmentationException}. {@link #close()}
 * stops the workers.
 *
 * <p>One consumer thread: {@link #epoch(int)} and its iterator are not thread-safe. Starting an epoch abandons the
 * previous epoch's iterator.
 */
public final class BatchPipeline implements AutoCloseable {

    private static final AtomicInteger PIPELINES = new AtomicInteger();

    private final LabeledImages images;
    private final List<AugmentationPolicy> viewPolicies;
    private final int batchSize;
    private final long seed;
    private final int prefetch;
    private final ExecutorService workers;
    private final List<Thread> workerThreads = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Augmenter[]> augmenters;
    private final ConcurrentLinkedQueue<AugmentedBatch> freeBatches = new ConcurrentLinkedQueue<>();
    private final int tensorSize;
    private EpochBatches current;
    private volatile boolean closed;

    private BatchPipeline(Builder builder) {
        this.images = builder.images;
        this.viewPolicies = List.copyOf(builder.viewPolicies());
        this.batchSize = builder.batchSize;
        this.seed = builder.seed;
        this.prefetch = builder.prefetch;
        this.tensorSize = viewPolicies.get(0).tensorSize();
        this.augmenters = ThreadLocal.withInitial(
                () -> viewPolicies.stream().map(Augmenter::new).toArray(Augmenter[]::new));
        String name = "augment-" + PIPELINES.incrementAndGet() + "-";
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(builder.threads, task -> {
            Thread thread = new Thread(task, name + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            workerThreads.add(thread);
            return thread;
        });
    }

    /** A builder for batches of {@code images}, every view made with {@code policy}. */
    public static Builder builder(LabeledImages images, AugmentationPolicy policy) {
        return new Builder(images, policy);
    }

    /** Full batches per epoch: {@code size / batchSize}, rounded down. */
    public int batchesPerEpoch() {
        return images.size() / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Views per image. */
    public int views() {
        return viewPolicies.size();
    }

    /**
     * The batches of epoch {@code epoch} in order; preparation starts now.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Iterator<AugmentedBatch> epoch(int epoch) {
        if (closed) {
            throw new IllegalStateException("the batch pipeline is closed");
        }
        if (current != null) {
            current.abandon();
        }
        current = new EpochBatches(epoch,
                Permutations.shuffled(images.size(), AugmentationSeeds.shuffle(seed, epoch)));
        return current;
    }

    /** Stops the workers (waiting up to 10 s for a running batch to notice); batches handed out become invalid. */
    @Override
    public void close() {
        closed = true;
        if (current != null) {
            current.abandon();
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The worker threads started so far (alive or not). */
    List<Thread> workerThreads() {
        return Collections.unmodifiableList(new ArrayList<>(workerThreads));
    }

    private AugmentedBatch prepare(int epoch, int number, int[] order) {
        AugmentedBatch batch = freeBatches.poll();
        if (batch == null) {
            batch = new AugmentedBatch(batchSize, viewPolicies.size(), ViewShape.of(viewPolicies.get(0).output()));
        }
        batch.number(number);
        Augmenter[] viewAugmenters = augmenters.get();
        int[] indices = batch.indices();
        int[] labels = batch.labels();
        for (int i = 0; i < batchSize; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("batch " + number + " of epoch " + epoch + " was cancelled");
            }
            int index = order[number * batchSize + i];
            indices[i] = index;
            labels[i] = images.label(index);
            for (int v = 0; v < viewAugmenters.length; v++) {
                viewAugmenters[v].augment(images, index, AugmentationSeeds.view(seed, epoch, index, v),
                        batch.view(v), i * tensorSize);
            }
        }
        return batch;
    }

    /** One epoch's batches: keeps up to {@code prefetch} submitted ahead of the consumer, in order. */
    private final class EpochBatches implements Iterator<AugmentedBatch> {

        private final int epoch;
        private final int[] order;
        private final int total = batchesPerEpoch();
        private final Deque<Future<AugmentedBatch>> pending = new ArrayDeque<>();
        private int submitted;
        private int delivered;
        private AugmentedBatch held;
        private boolean abandoned;

        EpochBatches(int epoch, int[] order) {
            this.epoch = epoch;
            this.order = order;
            while (submitted < Math.min(prefetch, total)) {
                submitNext();
            }
        }

        private void submitNext() {
            int number = submitted++;
            pending.add(workers.submit(() -> prepare(epoch, number, order)));
        }

        @Override
        public boolean hasNext() {
            return !abandoned && delivered < total;
        }

        @Override
        public AugmentedBatch next() {
            if (abandoned) {
                throw new IllegalStateException(closed
                        ? "the batch pipeline is closed"
                        : "epoch " + epoch + " was abandoned when another epoch started");
            }
            if (delivered >= total) {
                throw new NoSuchElementException("epoch " + epoch + " has " + total + " batches");
            }
            recycleHeld();
            if (submitted < total) {
                submitNext();
            }
            Future<AugmentedBatch> next = pending.poll();
            try {
                held = next.get();
            } catch (ExecutionException e) {
                abandon();
                throw new AugmentationException("preparing batch " + delivered + " of epoch " + epoch + " failed: "
                        + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                abandon();
                Thread.currentThread().interrupt();
                throw new AugmentationException("interrupted waiting for batch " + delivered + " of epoch " + epoch, e);
            }
            delivered++;
            return held;
        }

        private void recycleHeld() {
            if (held != null) {
                freeBatches.offer(held);
                held = null;
            }
        }

        void abandon() {
            abandoned = true;
            for (Future<AugmentedBatch> future : pending) {
                future.cancel(true);
            }
            pending.clear();
        }
    }

    /** Settings of a {@link BatchPipeline}; every setter checks its value at once. */
    public static final class Builder {

        private final LabeledImages images;
        private final AugmentationPolicy policy;
        private final List<AugmentationPolicy> perView = new ArrayList<>();
        private int batchSize = 256;
        private int views = 2;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        private long seed;
        private int prefetch = 3;

        private Builder(LabeledImages images, AugmentationPolicy policy) {
            this.images = Objects.requireNonNull(images, "images");
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /** Images per batch (default 256); the data set must hold at least one batch. */
        public Builder batchSize(int value) {
            this.batchSize = positive("batch size", value);
            return this;
        }

        /** Views per image, all made with the builder's policy (default 2; MiCE uses 3). */
        public Builder views(int value) {
            this.views = positive("views", value);
            perView.clear();
            return this;
        }

        /**
         * One policy per view, overriding {@link #views(int)}; they must all produce the same tensor shape.
         */
        public Builder viewPolicies(List<AugmentationPolicy> policies) {
            if (policies.isEmpty()) {
                throw new IllegalArgumentException("at least one view policy is needed");
            }
            for (AugmentationPolicy each : policies) {
                ViewShape shape = ViewShape.of(each.output());
                if (!shape.equals(ViewShape.of(policy.output()))) {
                    throw new IllegalArgumentException("view policy output " + shape
                            + " differs from the pipeline's " + ViewShape.of(policy.output()));
                }
            }
            perView.clear();
            perView.addAll(policies);
            this.views = policies.size();
            return this;
        }

        /** Worker threads (default: cores − 1, at least 1). */
        public Builder threads(int value) {
            this.threads = positive("threads", value);
            return this;
        }

        /** Seed of the shuffles and of every view (default 0). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Batches prepared ahead of the consumer (default 3). */
        public Builder prefetch(int value) {
            this.prefetch = positive("prefetch", value);
            return this;
        }

        /**
         * @throws IllegalArgumentException if the data set holds fewer images than one batch
         */
        public BatchPipeline build() {
            if (images.size() < batchSize) {
                throw new IllegalArgumentException("batch size " + batchSize + " exceeds the data set's "
                        + images.size() + " images, so every epoch would be empty (the last partial batch is dropped)");
            }
            return new BatchPipeline(this);
        }

        private List<AugmentationPolicy> viewPolicies() {
            return perView.isEmpty() ? Collections.nCopies(views, policy) : perView;
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
