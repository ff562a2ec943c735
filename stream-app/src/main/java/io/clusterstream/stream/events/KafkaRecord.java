package io.clusterstream.stream.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Kafka record exactly as it was read, before any parsing: the job carries this until the event is assigned, so
 * that a record rejected at any stage can go to the dead-letter topic with its original bytes. A Flink POJO.
 */
public class KafkaRecord {
    public String topic;
    public int partition;
    public long offset;
    /** The record timestamp, ms since the epoch. */
    public long timestamp;
    /** May be null. */
    public byte[] key;
    /** May be null (a tombstone) or empty. */
    public byte[] value;
    /** Header values by name; a repeated header keeps its last value. */
    public Map<String, byte[]> headers = new LinkedHashMap<>();

    public KafkaRecord() {}

    public KafkaRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value, Map<String, byte[]> headers) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    /** Where the record came from, for logs and dead letters: {@code topic-partition@offset}. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }
}
