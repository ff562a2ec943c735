package io.clusterstream.core.serving;

/** An encoder file that is missing or that ONNX Runtime cannot load. */
public final class EncoderLoadException extends RuntimeException {
    public EncoderLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
