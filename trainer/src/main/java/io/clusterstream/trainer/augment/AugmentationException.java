package io.clusterstream.trainer.augment;

/** A batch could not be prepared; thrown on the consumer's thread with the worker's exception as its cause. */
public final class AugmentationException extends RuntimeException {

    public AugmentationException(String message, Throwable cause) {
        super(message, cause);
    }
}
