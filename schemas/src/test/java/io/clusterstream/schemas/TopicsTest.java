package io.clusterstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopicsTest {

    // Kafka's own rule for legal topic names (at most 249 characters of these).
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @Test
    void everyTopicIsListedOnceAndIsALegalKafkaName() throws IllegalAccessException {
        Set<String> declared = new HashSet<>();
        for (Field field : Topics.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                declared.add((String) field.get(null));
            }
        }
        assertEquals(declared, Set.copyOf(Topics.ALL));
        assertEquals(Topics.ALL.size(), declared.size(), "topic names must be distinct");
        for (String topic : Topics.ALL) {
            assertTrue(LEGAL_TOPIC.matcher(topic).matches(), topic);
            assertTrue(topic.startsWith("clusterstream."), topic);
        }
        assertTrue(Topics.ALL.containsAll(Topics.COMPACTED));
    }

    @Test
    void defaultTopicNamesAreTheDocumentedOnes() {
        assertEquals(
                List.of(
                        "clusterstream.images",
                        "clusterstream.assignments",
                        "clusterstream.drift",
                        "clusterstream.snapshots",
                        "clusterstream.dlq",
                        "clusterstream.tags",
                        "clusterstream.refit-requests",
                        "clusterstream.tagged"),
                Topics.ALL);
    }

    @Test
    void deadLetterHeadersFollowKafkaConnectNames() {
        assertEquals("__connect.errors.topic", DeadLetterHeaders.ORIGINAL_TOPIC);
        assertEquals("__connect.errors.partition", DeadLetterHeaders.ORIGINAL_PARTITION);
        assertEquals("__connect.errors.offset", DeadLetterHeaders.ORIGINAL_OFFSET);
        assertEquals("__connect.errors.stage", DeadLetterHeaders.STAGE);
        assertEquals("__connect.errors.exception.class.name", DeadLetterHeaders.EXCEPTION_CLASS_NAME);
        assertEquals("__connect.errors.exception.message", DeadLetterHeaders.EXCEPTION_MESSAGE);
    }
}
