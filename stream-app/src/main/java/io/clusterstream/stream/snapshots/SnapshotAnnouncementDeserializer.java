package io.clusterstream.stream.snapshots;

import com.google.protobuf.InvalidProtocolBufferException;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.stream.events.SnapshotAnnouncement;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads {@code SnapshotManifest} records of the snapshots topic as announcements; never fails. */
public final class SnapshotAnnouncementDeserializer implements KafkaRecordDeserializationSchema<SnapshotAnnouncement> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SnapshotAnnouncement> out) {
        if (record.value() == null) {
            return; // a tombstone: compaction removed a model, nothing to load
        }
        try {
            out.collect(SnapshotAnnouncement.of(SnapshotManifest.parseFrom(record.value())));
        } catch (InvalidProtocolBufferException e) {
            out.collect(new SnapshotAnnouncement(null, 0, "record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not a SnapshotManifest: " + e.getMessage()));
        }
    }

    @Override
    public TypeInformation<SnapshotAnnouncement> getProducedType() {
        return TypeInformation.of(SnapshotAnnouncement.class);
    }
}
