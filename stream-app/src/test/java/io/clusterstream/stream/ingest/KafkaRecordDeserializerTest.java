package io.clusterstream.stream.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clusterstream.stream.events.KafkaRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaRecordDeserializerTest {

    private final KafkaRecordDeserializer deserializer = new KafkaRecordDeserializer();

    @Test
    void copiesEverythingAsItIs() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("event-id", "e1".getBytes(UTF_8));
        headers.add("label", "1".getBytes(UTF_8));
        headers.add("label", "2".getBytes(UTF_8));
        headers.add("empty", null);
        byte[] key = {1, 2};
        byte[] value = {0x0A, (byte) 0xFF};

        KafkaRecord record = deserialize(new ConsumerRecord<>("clusterstream.images", 4, 77L, 1234L,
                TimestampType.CREATE_TIME, 2, 2, key, value, headers, Optional.empty()));

        assertEquals("clusterstream.images", record.topic);
        assertEquals(4, record.partition);
        assertEquals(77L, record.offset);
        assertEquals(1234L, record.timestamp);
        assertArrayEquals(key, record.key);
        assertArrayEquals(value, record.value);
        assertEquals(List.of("event-id", "label", "empty"), new ArrayList<>(record.headers.keySet()));
        assertArrayEquals("2".getBytes(UTF_8), record.headers.get("label"), "a repeated header keeps its last value");
        assertNull(record.headers.get("empty"));
    }

    @Test
    void passesATombstoneOn() {
        KafkaRecord record = deserialize(new ConsumerRecord<>("t", 0, 0L, null, null));

        assertNull(record.key);
        assertNull(record.value);
    }

    @Test
    void producesAFlinkPojo() {
        assertEquals(PojoTypeInfo.class, deserializer.getProducedType().getClass());
    }

    private KafkaRecord deserialize(ConsumerRecord<byte[], byte[]> consumerRecord) {
        List<KafkaRecord> out = new ArrayList<>();
        deserializer.deserialize(consumerRecord, new ListCollector<>(out));
        assertEquals(1, out.size());
        return out.get(0);
    }
}
