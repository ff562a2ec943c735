package io.clusterstream.core.serving;

/** The encoder loaded but failed on a batch, or returned something of the wrong shape. */
public final class EncoderFailedException extends RuntimeException {
    public EncoderFailedException(String message) {
        super(message);
    }

    public EncoderFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
