package io.clusterstream.stream.control;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for one protobuf message type, in the plain protobuf binary encoding (no schema registry
 * framing). A null value maps to null bytes and back, so tombstones pass through unchanged.
 *
 * @param <T> the message type
 */
public final class ProtobufSerde<T extends Message> implements Serde<T> {

    private final Parser<T> parser;

    /** @param parser the message type's parser, e.g. {@code ClusterAssignment.parser()} */
    public ProtobufSerde(Parser<T> parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, message) -> message == null ? null : message.toByteArray();
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return parser.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new SerializationException("malformed protobuf record on " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
