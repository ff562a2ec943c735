package io.clusterstream.stream.deadletter;

import io.clusterstream.stream.events.DeadLetter;
import io.clusterstream.stream.events.KafkaRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Builds {@link DeadLetter}s: the original record plus why and where it was rejected. */
public final class DeadLetters {

    /** The connector name written into every dead letter. */
    public static final String CONNECTOR_NAME = "clusterstream-stream-job";

    /** The longest stack trace kept, in UTF-8 bytes; longer ones are cut. */
    public static final int MAX_STACK_TRACE_BYTES = 8 * 1024;

    private DeadLetters() {}

    /**
     * A dead letter for a record rejected by an exception that carries its own reason and stage, such as
     * {@code RejectedEventException}.
     *
     * @param failedClass the class of the step that rejected the record
     */
    public static <E extends Throwable & Rejection> DeadLetter of(KafkaRecord original, E error, Class<?> failedClass) {
        return of(original, error, error.reason(), error.stage(), failedClass);
    }

    /**
     * A dead letter for a record rejected by any exception.
     *
     * @param reason      machine-readable cause, e.g. {@code IMAGE_TRUNCATED}
     * @param stage       one of the {@code DeadLetterHeaders.STAGE_*} values
     * @param failedClass the class of the step that rejected the record
     */
    public static DeadLetter of(KafkaRecord original, Throwable error, String reason, String stage, Class<?> failedClass) {
        DeadLetter deadLetter = new DeadLetter();
        deadLetter.original = Objects.requireNonNull(original, "original");
        deadLetter.reason = Objects.requireNonNull(reason, "reason");
        deadLetter.stage = Objects.requireNonNull(stage, "stage");
        deadLetter.failedClass = failedClass.getName();
        deadLetter.exceptionClass = error.getClass().getName();
        deadLetter.message = error.getMessage();
        deadLetter.stackTrace = truncateUtf8(stackTrace(error), MAX_STACK_TRACE_BYTES);
        return deadLetter;
    }

    private static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** {@code text} cut to at most {@code maxBytes} UTF-8 bytes, never in the middle of a character. */
    static String truncateUtf8(String text, int maxBytes) {
        if (text == null || text.length() * 3L <= maxBytes) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        // Back up over continuation bytes (10xxxxxx) to the start of the character that does not fit.
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
