package io.clusterstream.stream.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.stream.events.AssignmentRecord;
import io.clusterstream.stream.output.AssignmentSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test broker keeps records however old their timestamps are.
 *
 * <p>Regression test for the "lost" events of the stream job benchmark (docs/benchmarks.md, runs 1 and 2): the job
 * stamps each assignment with its event time, the fixtures' event times are fixed dates in 2023, and the broker's
 * default {@code retention.ms} of 7 days made its first retention check (30 s after start-up) delete every assignment
 * written so far, committed or not, so that no consumer could read them in any isolation level. Here assignments
 * serialized exactly as the job's sink does are written, and the test waits until the broker has demonstrably run a
 * retention check after that (a control topic with a 1 s retention loses its old records) before asserting that the
 * assignments are all still there.
 */
class KafkaBrokerRetentionIT {

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    /** The fixtures' event time base ({@link ImageRecords}), 2023-11-14: years older than any default retention. */
    private static final long OLD_EVENT_TIME = 1_700_000_000_000L;
    private static final int ASSIGNMENTS = 50;
    private static final String EXPIRING = "retention.control";
    /** Long enough to cover the broker's default first check (30 s after start-up) if the fast check is lost. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(90);

    @Test
    void assignmentsStampedWithOldEventTimesSurviveTheRetentionCheck() throws Exception {
        String topic = "retention.assignments";
        KAFKA.createTopics(topic);
        KAFKA.createTopic(EXPIRING, 1, Map.of("retention.ms", "1000"));

        AssignmentSerializer serializer = new AssignmentSerializer(topic, false);
        for (int i = 0; i < ASSIGNMENTS; i++) {
            // Stamped with an old time, as a producer replaying history may do.
            ProducerRecord<byte[], byte[]> record = serializer.serialize(assignment(i), null, null);
            KAFKA.send(new ProducerRecord<>(topic, null, OLD_EVENT_TIME + i, record.key(), record.value()));
        }

        // Two expiries of the control topic, each after the assignments were written: the pass that deletes the
        // second control record started after the one that deleted the first had ended, so after every assignment
        // was in the log, and it looked at every log.
        awaitExpiry(1);
        awaitExpiry(2);

        assertEquals(Map.of(0, 0L), KAFKA.logStartOffsets(topic), "the broker deleted assignments by retention");
        List<ConsumerRecord<byte[], byte[]>> read = KAFKA.readAll(topic, ASSIGNMENTS, Duration.ofSeconds(30));
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : read) {
            ids.add(ClusterAssignment.parseFrom(record.value()).getEventId());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ASSIGNMENTS; i++) {
            expected.add("img-" + i);
        }
        assertEquals(expected, ids);
    }

    /** Writes an old record to the control topic and waits until the broker's retention check has deleted it. */
    private static void awaitExpiry(long expectedLogStart) throws InterruptedException {
        KAFKA.send(new ProducerRecord<>(EXPIRING, null, OLD_EVENT_TIME, "old".getBytes(UTF_8), new byte[] {1}));
        long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
        while (KAFKA.logStartOffsets(EXPIRING).get(0) < expectedLogStart) {
            assertTrue(System.nanoTime() < deadline, "the broker never ran its retention check");
            Thread.sleep(KafkaBroker.RETENTION_CHECK_INTERVAL.toMillis() / 2);
        }
    }

    private static AssignmentRecord assignment(int i) {
        AssignmentRecord record = new AssignmentRecord();
        record.eventId = "img-" + i;
        record.eventTimeMs = OLD_EVENT_TIME + i;
        record.source = "camera-" + i % 3;
        record.modelId = "retention-model";
        record.modelVersion = 1;
        record.clusterId = i % 4;
        record.clusterKey = "c" + i % 4;
        record.confidence = 0.9f;
        record.topClusters = new int[] {i % 4};
        record.topClusterKeys = new String[] {"c" + i % 4};
        record.topProbabilities = new float[] {0.9f};
        record.processingTimeMs = System.currentTimeMillis();
        return record;
    }
}
