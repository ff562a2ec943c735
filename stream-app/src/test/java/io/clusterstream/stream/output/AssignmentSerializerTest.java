package io.clusterstream.stream.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.stream.events.AssignmentRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AssignmentSerializerTest {

    private static AssignmentRecord record() {
        AssignmentRecord record = new AssignmentRecord();
        record.eventId = "e-1";
        record.eventTimeMs = 1_700_000_000_000L;
        record.processingTimeMs = 1_790_000_000_000L;
        record.source = "cam";
        record.modelId = "m";
        record.modelVersion = 3;
        record.clusterId = 2;
        record.clusterKey = "c2@v1";
        record.confidence = 0.7f;
        record.topClusters = new int[] {2, 0};
        record.topClusterKeys = new String[] {"c2@v1", "c0@v1"};
        record.topProbabilities = new float[] {0.7f, 0.2f};
        record.noveltyScore = 0.3f;
        record.embedding = new float[] {0.6f, 0.8f};
        record.attributes = Map.of("site", "north");
        record.label = 4;
        return record;
    }

    @Test
    void keyedByEventIdStampedWhenAssignedWithTheEventTimeInThePayload() throws Exception {
        ProducerRecord<byte[], byte[]> produced = new AssignmentSerializer("out", false).serialize(record(), null, null);

        assertEquals("out", produced.topic());
        assertArrayEquals("e-1".getBytes(StandardCharsets.UTF_8), produced.key());
        // Retention counts from the record timestamp: an old event time there would let the broker delete the record.
        assertEquals(1_790_000_000_000L, produced.timestamp());
        ClusterAssignment assignment = ClusterAssignment.parseFrom(produced.value());
        assertEquals(1_700_000_000_000L, assignment.getEventTimeMs());
        assertEquals("c0@v1", assignment.getTopK(1).getClusterKey());
        assertEquals(4, assignment.getLabel());
        assertEquals(0, assignment.getEmbeddingCount(), "embeddings only when configured");
        assertEquals(2, AssignmentSerializer.toProto(record(), true).getEmbeddingCount());
    }
}
