package io.clusterstream.schemas;

/**
 * Headers of a dead-letter record. A dead letter keeps the original record's key and value bytes unchanged and
 * explains itself in headers named as Kafka Connect names them ({@code errors.deadletterqueue.context.headers.enable}),
 * so tools that read Connect dead-letter queues read ours. Header values are UTF-8 strings.
 */
public final class DeadLetterHeaders {
    private static final String PREFIX = "__connect.errors.";

    /** Topic, partition and offset the original record was read from. */
    public static final String ORIGINAL_TOPIC = PREFIX + "topic";
    public static final String ORIGINAL_PARTITION = PREFIX + "partition";
    public static final String ORIGINAL_OFFSET = PREFIX + "offset";

    /** Which component failed, e.g. {@code clusterstream-stream-job}. */
    public static final String CONNECTOR_NAME = PREFIX + "connector.name";

    /** Which step failed; one of the {@code STAGE_*} values. */
    public static final String STAGE = PREFIX + "stage";

    /** The class of the step that failed. */
    public static final String CLASS_NAME = PREFIX + "class.name";

    /** The exception's class, message and stack trace. */
    public static final String EXCEPTION_CLASS_NAME = PREFIX + "exception.class.name";
    public static final String EXCEPTION_MESSAGE = PREFIX + "exception.message";
    public static final String EXCEPTION_STACKTRACE = PREFIX + "exception.stacktrace";

    /**
     * clusterstream's own addition: a short machine-readable reason (e.g. {@code IMAGE_TOO_LARGE},
     * {@code MALFORMED_PROTOBUF}) so dead letters can be counted and filtered by cause.
     */
    public static final String REASON = "__clusterstream.errors.reason";

    /** The record could not be parsed as an ImageEvent or image file. */
    public static final String STAGE_DESERIALIZATION = "VALUE_CONVERTER";
    /** The image could not be decoded or failed validation. */
    public static final String STAGE_DECODE = "TRANSFORMATION";
    /** The model could not process the image. */
    public static final String STAGE_INFERENCE = "TASK_PUT";

    private DeadLetterHeaders() {}
}
