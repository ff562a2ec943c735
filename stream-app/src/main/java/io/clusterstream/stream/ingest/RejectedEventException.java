package io.clusterstream.stream.ingest;

import io.clusterstream.core.image.ImageRejectedException;
import io.clusterstream.schemas.DeadLetterHeaders;
import io.clusterstream.stream.deadletter.Rejection;
import java.util.Objects;

/**
 * A Kafka record that cannot become a {@link DecodedEvent}. It says why in three ways: a machine-readable
 * {@link #reason() reason} for the dead-letter reason header, the Kafka Connect {@link #stage() stage} that failed,
 * and a message for the operator who reads the dead letter.
 */
public final class RejectedEventException extends Exception implements Rejection {

    private static final long serialVersionUID = 1L;

    /** The record has no value, or an empty one. */
    public static final String EMPTY_VALUE = "EMPTY_VALUE";
    /** The value is neither a recognised image file nor a parsable {@code ImageEvent}. */
    public static final String MALFORMED_PROTOBUF = "MALFORMED_PROTOBUF";
    /** The value parses as an {@code ImageEvent} but carries no image. */
    public static final String NO_IMAGE = "NO_IMAGE";
    /** A metadata header of a bare image file has a value that cannot be used (e.g. a non-numeric label). */
    public static final String BAD_HEADER = "BAD_HEADER";

    private final String reason;
    private final String stage;

    /**
     * @param reason  machine-readable cause, e.g. {@link #MALFORMED_PROTOBUF}
     * @param stage   one of the {@code DeadLetterHeaders.STAGE_*} values
     * @param message what is wrong with the record, in words
     */
    public RejectedEventException(String reason, String stage, String message) {
        this(reason, stage, message, null);
    }

    public RejectedEventException(String reason, String stage, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.stage = Objects.requireNonNull(stage, "stage");
    }

    /** A rejection at the {@link DeadLetterHeaders#STAGE_DECODE decode stage}, keeping the image's own reason. */
    public static RejectedEventException imageRejected(ImageRejectedException e) {
        return new RejectedEventException(e.reason().code(), DeadLetterHeaders.STAGE_DECODE, e.getMessage(), e);
    }

    /** Machine-readable cause, e.g. {@code MALFORMED_PROTOBUF} or {@code IMAGE_TOO_LARGE}. */
    @Override
    public String reason() {
        return reason;
    }

    /** The failed step, one of the {@code DeadLetterHeaders.STAGE_*} values. */
    @Override
    public String stage() {
        return stage;
    }
}
