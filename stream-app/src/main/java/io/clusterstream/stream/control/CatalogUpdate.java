package io.clusterstream.stream.control;

import com.google.protobuf.InvalidProtocolBufferException;
import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.DriftReport;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One input of the catalog: a tagged assignment or a drift report. Both go through one repartition topic keyed by
 * model id, so that each model's catalog entries are kept by one task.
 *
 * @param assignment the tagged assignment, or null
 * @param drift      the drift report, or null
 */
record CatalogUpdate(ClusterAssignment assignment, DriftReport drift) {

    private static final byte ASSIGNMENT = 'A';
    private static final byte DRIFT = 'D';

    CatalogUpdate {
        if ((assignment == null) == (drift == null)) {
            throw new IllegalArgumentException("exactly one of assignment and drift must be given");
        }
    }

    static CatalogUpdate of(ClusterAssignment assignment) {
        return new CatalogUpdate(assignment, null);
    }

    static CatalogUpdate of(DriftReport drift) {
        return new CatalogUpdate(null, drift);
    }

    /** One type byte, then the message in protobuf encoding. */
    static Serde<CatalogUpdate> serde() {
        return Serdes.serdeFrom((topic, update) -> {
            if (update == null) {
                return null;
            }
            byte[] message = update.assignment != null ? update.assignment.toByteArray() : update.drift.toByteArray();
            byte[] bytes = new byte[message.length + 1];
            bytes[0] = update.assignment != null ? ASSIGNMENT : DRIFT;
            System.arraycopy(message, 0, bytes, 1, message.length);
            return bytes;
        }, (topic, bytes) -> {
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            byte[] message = Arrays.copyOfRange(bytes, 1, bytes.length);
            try {
                return switch (bytes[0]) {
                    case ASSIGNMENT -> of(ClusterAssignment.parseFrom(message));
                    case DRIFT -> of(DriftReport.parseFrom(message));
                    default -> throw new SerializationException("unknown catalog update type " + bytes[0]);
                };
            } catch (InvalidProtocolBufferException e) {
                throw new SerializationException("corrupt catalog update on " + topic, e);
            }
        });
    }
}
