package io.clusterstream.trainer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaImageSampleTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    @Test
    void theNewestNAreSharedEvenlyOverPartitions() {
        assertEquals(Map.of(P0, 50L, P1, 50L), KafkaImageSample.shareNewest(100, Map.of(P0, 1000L, P1, 1000L)));
        assertEquals(100L, KafkaImageSample.shareNewest(100, Map.of(P0, 1000L, P1, 1000L, P2, 1000L))
                .values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void whatAShortPartitionCannotGiveComesFromTheOthers() {
        assertEquals(Map.of(P0, 10L, P1, 90L), KafkaImageSample.shareNewest(100, Map.of(P0, 10L, P1, 1000L)));
        assertEquals(Map.of(P0, 10L, P1, 0L, P2, 90L), KafkaImageSample.shareNewest(100, Map.of(P0, 10L, P1, 0L, P2, 500L)));
    }

    @Test
    void neverMoreThanThereIs() {
        assertEquals(Map.of(P0, 3L, P1, 4L), KafkaImageSample.shareNewest(100, Map.of(P0, 3L, P1, 4L)));
    }
}
