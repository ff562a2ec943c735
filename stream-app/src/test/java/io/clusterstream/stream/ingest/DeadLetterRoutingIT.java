package io.clusterstream.stream.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.schemas.DeadLetterHeaders;
import io.clusterstream.stream.deadletter.DeadLetterSerializer;
import io.clusterstream.stream.events.DeadLetter;
import io.clusterstream.stream.events.KafkaRecord;
import io.clusterstream.stream.testing.EmbeddedKafka;
import io.clusterstream.stream.testing.ImageRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real CIFAR-10 images and every kind of bad input, interleaved on one topic, through the decode step of the job:
 * each good event must come out exactly once and each bad record must land in the dead-letter topic with its reason
 * and its original bytes.
 */
class DeadLetterRoutingIT {

    private static final String IMAGES = "it.images";
    private static final String DECODED_IDS = "it.decoded-ids";
    private static final String DEAD_LETTERS = "it.dlq";
    private static final int PARALLELISM = 2;
    private static final int GOOD_EVENTS = 24;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .build());

    private record BadInput(String key, byte[] value, Map<String, byte[]> headers, String reason) {}

    private record Sent(BadInput input, RecordMetadata metadata) {}

    @Test
    void decodedEventsComeOutOnceAndBadRecordsAreDeadLetteredUnchanged() throws Exception {
        KAFKA.createTopics(PARALLELISM, IMAGES);
        KAFKA.createTopics(DECODED_IDS, DEAD_LETTERS);
        List<BadInput> badInputs = badInputs();
        List<String> expectedIds = new ArrayList<>();
        Map<String, Sent> sentBad = new HashMap<>();

        for (int i = 0; i < GOOD_EVENTS; i++) {
            int partition = i % PARALLELISM;
            expectedIds.add(sendGoodEvent(i, partition));
            if (i < badInputs.size()) {
                BadInput bad = badInputs.get(i);
                sentBad.put(bad.key(), new Sent(bad, KAFKA.send(IMAGES, 1 - partition, utf8(bad.key()), bad.value(),
                        bad.headers())));
            }
        }

        runDecodeJob();

        List<String> decodedIds = new ArrayList<>();
        KAFKA.readAll(DECODED_IDS, expectedIds.size(), READ_TIMEOUT)
                .forEach(record -> decodedIds.add(new String(record.value(), UTF_8)));
        decodedIds.sort(null);
        expectedIds.sort(null);
        assertEquals(expectedIds, decodedIds, "every good event exactly once");

        List<ConsumerRecord<byte[], byte[]>> deadLetters = KAFKA.readAll(DEAD_LETTERS, badInputs.size(), READ_TIMEOUT);
        assertEquals(badInputs.size(), deadLetters.size(), "one dead letter per bad record");
        assertAll(deadLetters.stream().map(deadLetter -> () -> assertDeadLetter(sentBad, deadLetter)));
    }

    /** Sends good event {@code i} in one of four forms, rotating, and returns the event id the job should give it. */
    private static String sendGoodEvent(int i, int partition) {
        String id = "good-" + i;
        return switch (i % 4) {
            case 0 -> send(partition, id, ImageRecords.pngEvent(id, i).toByteArray(), Map.of(), id);
            case 1 -> send(partition, id, ImageRecords.rawEvent(id, i).toByteArray(), Map.of(), id);
            case 2 -> send(partition, "camera-" + i, CifarFixture.pngBytes(i),
                    Map.of(EventDecoder.EVENT_ID_HEADER, utf8(id), EventDecoder.LABEL_HEADER,
                            utf8(String.valueOf(CifarFixture.label(i)))), id);
            default -> {
                // A bare file without headers: its id is where it was written.
                RecordMetadata written = KAFKA.send(IMAGES, partition, utf8("camera-" + i), CifarFixture.pngBytes(i),
                        Map.of());
                yield IMAGES + "-" + written.partition() + "-" + written.offset();
            }
        };
    }

    private static String send(int partition, String key, byte[] value, Map<String, byte[]> headers, String id) {
        KAFKA.send(IMAGES, partition, utf8(key), value, headers);
        return id;
    }

    private static List<BadInput> badInputs() {
        return List.of(
                new BadInput("malformed-protobuf", ImageRecords.malformedProtobuf(), Map.of(), "MALFORMED_PROTOBUF"),
                new BadInput("empty-value", new byte[0], Map.of(), "EMPTY_VALUE"),
                new BadInput("null-value", null, Map.of(), "EMPTY_VALUE"),
                new BadInput("no-image", ImageRecords.eventWithoutImage("no-image").toByteArray(), Map.of(), "NO_IMAGE"),
                new BadInput("truncated-png", ImageRecords.truncatedPng(0), Map.of(), "IMAGE_TRUNCATED"),
                new BadInput("huge-png", ImageRecords.pngHeaderDeclaring(100_000, 100_000), Map.of(), "IMAGE_TOO_LARGE"),
                new BadInput("webp", ImageRecords.webpHeader(), Map.of(), "IMAGE_UNSUPPORTED_FORMAT"),
                new BadInput("raw-wrong-size", ImageRecords.rawEventWithWrongSize("raw").toByteArray(), Map.of(),
                        "IMAGE_INVALID_RAW"),
                new BadInput("bad-label", CifarFixture.pngBytes(1),
                        headers("label", "cat", "trace-id", "t-1"), "BAD_HEADER"));
    }

    private static void runDecodeJob() throws Exception {
        Configuration config = new Configuration();
        // The job's records must serialize as POJOs: fail rather than fall back to Kryo.
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        assertTrue(env.getConfig().getSerializerConfig().hasGenericTypesDisabled());
        env.setParallelism(PARALLELISM);
        // Transactions commit on checkpoints; the final one is taken when the bounded input ends.
        env.enableCheckpointing(500);

        KafkaSource<KafkaRecord> source = KafkaSource.<KafkaRecord>builder()
                .setBootstrapServers(KAFKA.bootstrapServers())
                .setTopics(IMAGES)
                .setGroupId("dead-letter-routing-it")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new KafkaRecordDeserializer())
                .build();

        SingleOutputStreamOperator<DecodedEvent> decoded = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "images")
                .process(new DecodeFunction())
                .name("decode");

        decoded.map(event -> event.eventId)
                .returns(Types.STRING)
                .sinkTo(KafkaSink.<String>builder()
                        .setBootstrapServers(KAFKA.bootstrapServers())
                        .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                                .setTopic(DECODED_IDS)
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .build())
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix("dead-letter-routing-it-ids")
                        .setProperty("transaction.timeout.ms", "60000")
                        .build())
                .name("decoded ids");

        decoded.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .sinkTo(KafkaSink.<DeadLetter>builder()
                        .setBootstrapServers(KAFKA.bootstrapServers())
                        .setRecordSerializer(new DeadLetterSerializer(DEAD_LETTERS))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix("dead-letter-routing-it-dlq")
                        .setProperty("transaction.timeout.ms", "60000")
                        .build())
                .name("dead letters");

        env.execute("dead-letter routing");
    }

    private static void assertDeadLetter(Map<String, Sent> sentBad, ConsumerRecord<byte[], byte[]> deadLetter) {
        String key = new String(deadLetter.key(), UTF_8);
        Sent sent = sentBad.get(key);
        assertNotNull(sent, "dead letter for a record that was not bad: " + key);
        assertArrayEquals(sent.input().value(), deadLetter.value(), key + ": value bytes unchanged");
        assertEquals(sent.input().reason(), header(deadLetter, DeadLetterHeaders.REASON), key + ": reason");
        assertEquals(IMAGES, header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC), key + ": topic");
        assertEquals(String.valueOf(sent.metadata().partition()), header(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION),
                key + ": partition");
        assertEquals(String.valueOf(sent.metadata().offset()), header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET),
                key + ": offset");
        assertEquals(RejectedEventException.class.getName(), header(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS_NAME),
                key + ": exception class");
        sent.input().headers().forEach((name, value) ->
                assertArrayEquals(value, deadLetter.headers().lastHeader(name).value(), key + ": header " + name));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private static Map<String, byte[]> headers(String... namesAndValues) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], utf8(namesAndValues[i + 1]));
        }
        return headers;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }
}
