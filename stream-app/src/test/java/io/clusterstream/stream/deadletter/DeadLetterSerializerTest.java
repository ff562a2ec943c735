package io.clusterstream.stream.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.DeadLetterHeaders;
import io.clusterstream.schemas.Topics;
import io.clusterstream.stream.events.DeadLetter;
import io.clusterstream.stream.events.KafkaRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest {

    private static final byte[] KEY = {'k', 0, (byte) 0xFF};
    private static final byte[] VALUE = {0x0A, (byte) 0xFF, (byte) 0xFF};

    @Test
    void keepsKeyValueAndHeadersAndAddsTheErrorContext() {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("trace-id", "abc".getBytes(UTF_8));
        headers.put("binary", new byte[] {1, 2, (byte) 0xFE});
        KafkaRecord original = new KafkaRecord("clusterstream.images", 2, 1234, 99L, KEY, VALUE, headers);
        DeadLetter deadLetter = DeadLetters.of(original, new TestRejection("MALFORMED_PROTOBUF",
                DeadLetterHeaders.STAGE_DESERIALIZATION, "not a protobuf"), DeadLetterSerializerTest.class);

        ProducerRecord<byte[], byte[]> out = new DeadLetterSerializer().serialize(deadLetter, null, 5L);

        assertEquals(Topics.DEAD_LETTERS, out.topic());
        assertArrayEquals(KEY, out.key());
        assertArrayEquals(VALUE, out.value());
        assertNull(out.partition());
        assertEquals("abc", header(out, "trace-id"));
        assertArrayEquals(new byte[] {1, 2, (byte) 0xFE}, out.headers().lastHeader("binary").value());
        assertEquals("clusterstream.images", header(out, DeadLetterHeaders.ORIGINAL_TOPIC));
        assertEquals("2", header(out, DeadLetterHeaders.ORIGINAL_PARTITION));
        assertEquals("1234", header(out, DeadLetterHeaders.ORIGINAL_OFFSET));
        assertEquals("clusterstream-stream-job", header(out, DeadLetterHeaders.CONNECTOR_NAME));
        assertEquals(DeadLetterHeaders.STAGE_DESERIALIZATION, header(out, DeadLetterHeaders.STAGE));
        assertEquals(DeadLetterSerializerTest.class.getName(), header(out, DeadLetterHeaders.CLASS_NAME));
        assertEquals(TestRejection.class.getName(), header(out, DeadLetterHeaders.EXCEPTION_CLASS_NAME));
        assertEquals("not a protobuf", header(out, DeadLetterHeaders.EXCEPTION_MESSAGE));
        assertTrue(header(out, DeadLetterHeaders.EXCEPTION_STACKTRACE).startsWith(TestRejection.class.getName()));
        assertEquals("MALFORMED_PROTOBUF", header(out, DeadLetterHeaders.REASON));
    }

    @Test
    void writesToTheConfiguredTopicAndKeepsANullKeyAndValue() {
        KafkaRecord original = new KafkaRecord("in", 0, 7, 99L, null, null, new LinkedHashMap<>());
        DeadLetter deadLetter = DeadLetters.of(original, new IllegalStateException("boom"), "UNEXPECTED_ERROR",
                DeadLetterHeaders.STAGE_DECODE, DeadLetterSerializerTest.class);

        ProducerRecord<byte[], byte[]> out = new DeadLetterSerializer("my-dlq").serialize(deadLetter, null, null);

        assertEquals("my-dlq", out.topic());
        assertNull(out.key());
        assertNull(out.value());
        assertEquals("UNEXPECTED_ERROR", header(out, DeadLetterHeaders.REASON));
        assertEquals(IllegalStateException.class.getName(), header(out, DeadLetterHeaders.EXCEPTION_CLASS_NAME));
    }

    @Test
    void replacesTheErrorHeadersOfARecordReplayedFromTheDeadLetterTopic() {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(DeadLetterHeaders.REASON, "OLD_REASON".getBytes(UTF_8));
        headers.put(DeadLetterHeaders.ORIGINAL_OFFSET, "1".getBytes(UTF_8));
        KafkaRecord original = new KafkaRecord("clusterstream.dlq", 0, 8, 99L, KEY, VALUE, headers);
        DeadLetter deadLetter = DeadLetters.of(original, new TestRejection("NO_IMAGE",
                DeadLetterHeaders.STAGE_DESERIALIZATION, "no image"), DeadLetterSerializerTest.class);

        ProducerRecord<byte[], byte[]> out = new DeadLetterSerializer().serialize(deadLetter, null, null);

        assertEquals(List.of("NO_IMAGE"), headers(out, DeadLetterHeaders.REASON));
        assertEquals(List.of("8"), headers(out, DeadLetterHeaders.ORIGINAL_OFFSET));
    }

    @Test
    void capsTheStackTraceAt8KiB() {
        KafkaRecord original = new KafkaRecord("in", 0, 7, 99L, KEY, VALUE, new LinkedHashMap<>());
        DeadLetter deadLetter = DeadLetters.of(original, deepException(300), "UNEXPECTED_ERROR",
                DeadLetterHeaders.STAGE_DECODE, DeadLetterSerializerTest.class);

        ProducerRecord<byte[], byte[]> out = new DeadLetterSerializer().serialize(deadLetter, null, null);

        byte[] trace = out.headers().lastHeader(DeadLetterHeaders.EXCEPTION_STACKTRACE).value();
        assertTrue(trace.length <= 8 * 1024 && trace.length > 7 * 1024, "stack trace header of " + trace.length + " bytes");
    }

    @Test
    void truncationNeverSplitsACharacter() {
        String text = "é".repeat(10); // two UTF-8 bytes each

        assertEquals("é".repeat(3), DeadLetters.truncateUtf8(text, 7));
        assertEquals("é".repeat(4), DeadLetters.truncateUtf8(text, 8));
        assertEquals(text, DeadLetters.truncateUtf8(text, 20));
    }

    private static RuntimeException deepException(int depth) {
        if (depth == 0) {
            return new IllegalStateException("deep");
        }
        return deepException(depth - 1);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private static List<String> headers(ProducerRecord<byte[], byte[]> record, String name) {
        List<String> values = new ArrayList<>();
        record.headers().headers(name).forEach(h -> values.add(new String(h.value(), UTF_8)));
        return values;
    }

    private static final class TestRejection extends Exception implements Rejection {
        private final String reason;
        private final String stage;

        TestRejection(String reason, String stage, String message) {
            super(message);
            this.reason = reason;
            this.stage = stage;
        }

        @Override
        public String reason() {
            return reason;
        }

        @Override
        public String stage() {
            return stage;
        }
    }
}
