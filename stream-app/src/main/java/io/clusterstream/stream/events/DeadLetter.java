package io.clusterstream.stream.events;

/**
 * A record the job could not process: the original record unchanged plus why. Written to the dead-letter topic with
 * Kafka Connect's error headers ({@code io.clusterstream.schemas.DeadLetterHeaders}). A Flink POJO.
 */
public class DeadLetter {
    public KafkaRecord original;
    /** Machine-readable cause, e.g. {@code IMAGE_TOO_LARGE} or {@code MALFORMED_PROTOBUF}. */
    public String reason;
    /** One of the {@code DeadLetterHeaders.STAGE_*} values. */
    public String stage;
    /** The class of the step that rejected the record. */
    public String failedClass;
    public String exceptionClass;
    public String message;
    public String stackTrace;

    public DeadLetter() {}
}
