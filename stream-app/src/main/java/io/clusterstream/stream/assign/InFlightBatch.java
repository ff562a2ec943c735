package io.clusterstream.stream.assign;

import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.stream.ingest.DecodedEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A batch being embedded on the inference thread while the task thread prepares the next one. The model and the
 * tensor are the batch's own until it completes: the model is not closed and the tensor not refilled before then.
 */
final class InFlightBatch {

    final ServingModel model;
    final List<DecodedEvent> events;
    final float[] tensor;
    private final CompletableFuture<List<ServingModel.Served>> served;
    private volatile long inferenceNanos;

    private InFlightBatch(ServingModel model, List<DecodedEvent> events, float[] tensor, Executor inferenceThread) {
        this.model = model;
        this.events = events;
        this.tensor = tensor;
        this.served = CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            List<ServingModel.Served> result = model.assignTensors(tensor, events.size());
            inferenceNanos = System.nanoTime() - started;
            return result;
        }, inferenceThread);
    }

    static InFlightBatch start(ServingModel model, List<DecodedEvent> events, float[] tensor, Executor inferenceThread) {
        return new InFlightBatch(model, events, tensor, inferenceThread);
    }

    boolean isDone() {
        return served.isDone();
    }

    /** Runs {@code action} on the inference thread once the batch has completed, successfully or not. */
    void whenDone(Runnable action) {
        served.whenComplete((result, failure) -> action.run());
    }

    /** Waits for the batch; the model's own exception if inference failed. */
    List<ServingModel.Served> await() {
        try {
            return served.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Waits for the batch, ignoring how it ended: before its model may be closed. */
    void awaitQuietly() {
        try {
            served.join();
        } catch (RuntimeException ignored) {
            // the caller no longer wants the result
        }
    }

    long inferenceMillis() {
        return inferenceNanos / 1_000_000;
    }
}
