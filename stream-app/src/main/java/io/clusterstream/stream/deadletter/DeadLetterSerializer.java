package io.clusterstream.stream.deadletter;

import io.clusterstream.schemas.DeadLetterHeaders;
import io.clusterstream.schemas.Topics;
import io.clusterstream.stream.events.DeadLetter;
import io.clusterstream.stream.events.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes {@link DeadLetter}s the way Kafka Connect writes its dead-letter queue: the original key and value bytes
 * unchanged, the original headers, and the error context as {@link DeadLetterHeaders} (UTF-8 values, stack trace cut
 * to {@link DeadLetters#MAX_STACK_TRACE_BYTES}). Error headers the original record already carried, because it was
 * itself replayed from a dead-letter topic, are replaced rather than repeated.
 *
 * <p>The dead letter gets no explicit partition or timestamp: it is a new record, kept for the retention of the
 * dead-letter topic from the moment it was rejected.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    private static final Set<String> ERROR_HEADERS = Set.of(
            DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.ORIGINAL_PARTITION, DeadLetterHeaders.ORIGINAL_OFFSET,
            DeadLetterHeaders.CONNECTOR_NAME, DeadLetterHeaders.STAGE, DeadLetterHeaders.CLASS_NAME,
            DeadLetterHeaders.EXCEPTION_CLASS_NAME, DeadLetterHeaders.EXCEPTION_MESSAGE,
            DeadLetterHeaders.EXCEPTION_STACKTRACE, DeadLetterHeaders.REASON);

    private final String topic;

    /** Writes to {@value Topics#DEAD_LETTERS}. */
    public DeadLetterSerializer() {
        this(Topics.DEAD_LETTERS);
    }

    public DeadLetterSerializer(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    public String topic() {
        return topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter deadLetter, KafkaSinkContext context, Long timestamp) {
        KafkaRecord original = deadLetter.original;
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, byte[]> header : original.headers.entrySet()) {
            if (!ERROR_HEADERS.contains(header.getKey())) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        add(headers, DeadLetterHeaders.ORIGINAL_TOPIC, original.topic);
        add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, String.valueOf(original.partition));
        add(headers, DeadLetterHeaders.ORIGINAL_OFFSET, String.valueOf(original.offset));
        add(headers, DeadLetterHeaders.CONNECTOR_NAME, DeadLetters.CONNECTOR_NAME);
        add(headers, DeadLetterHeaders.STAGE, deadLetter.stage);
        add(headers, DeadLetterHeaders.CLASS_NAME, deadLetter.failedClass);
        add(headers, DeadLetterHeaders.EXCEPTION_CLASS_NAME, deadLetter.exceptionClass);
        add(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, deadLetter.message);
        add(headers, DeadLetterHeaders.EXCEPTION_STACKTRACE,
                DeadLetters.truncateUtf8(deadLetter.stackTrace, DeadLetters.MAX_STACK_TRACE_BYTES));
        add(headers, DeadLetterHeaders.REASON, deadLetter.reason);
        return new ProducerRecord<>(topic, null, null, original.key, original.value, headers);
    }

    /** Adds a UTF-8 header; a value that is not known (e.g. an exception without a message) is left out. */
    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
