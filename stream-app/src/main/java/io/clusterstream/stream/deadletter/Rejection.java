package io.clusterstream.stream.deadletter;

/**
 * Implemented by exceptions that reject a record and know how to label its dead letter, so that every stage of the
 * job can dead-letter through {@link DeadLetters#of(io.clusterstream.stream.events.KafkaRecord, Throwable, Class)}.
 */
public interface Rejection {

    /** Machine-readable cause for the reason header, e.g. {@code MALFORMED_PROTOBUF} or {@code IMAGE_TOO_LARGE}. */
    String reason();

    /** The step that failed, one of the {@code DeadLetterHeaders.STAGE_*} values. */
    String stage();
}
