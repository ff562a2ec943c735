package io.clusterstream.trainer.source;

import com.google.protobuf.InvalidProtocolBufferException;
import io.clusterstream.core.image.ImageDecoder;
import io.clusterstream.core.image.ImageFormat;
import io.clusterstream.core.image.ImageRejectedException;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.schemas.v1.ImageEvent;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of the images topic read the way the stream job reads it: a bare PNG/JPEG/GIF/BMP file (metadata in the
 * {@code label} and {@code event-time-ms} headers) or an {@code ImageEvent} protobuf.
 */
record ImagePayload(PixelImage image, long eventTimeMs, OptionalInt label) {

    static final String LABEL_HEADER = "label";
    static final String EVENT_TIME_HEADER = "event-time-ms";

    /** Why a record cannot be used; the sample skips and counts it. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    static ImagePayload decode(ConsumerRecord<byte[], byte[]> record, ImageDecoder decoder) throws Unusable {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new Unusable("empty value");
        }
        try {
            if (ImageFormat.detect(value) != ImageFormat.UNKNOWN) {
                long eventTime = headerNumber(record, EVENT_TIME_HEADER).orElse(record.timestamp());
                OptionalLong label = headerNumber(record, LABEL_HEADER);
                return new ImagePayload(decoder.decode(value), eventTime,
                        label.isPresent() ? OptionalInt.of((int) label.getAsLong()) : OptionalInt.empty());
            }
            ImageEvent event = ImageEvent.parseFrom(value);
            long eventTime = event.getEventTimeMs() == 0 ? record.timestamp() : event.getEventTimeMs();
            return new ImagePayload(decoder.decode(event), eventTime,
                    event.hasLabel() ? OptionalInt.of(event.getLabel()) : OptionalInt.empty());
        } catch (InvalidProtocolBufferException e) {
            throw new Unusable("neither an image file nor an ImageEvent: " + e.getMessage());
        } catch (ImageRejectedException e) {
            throw new Unusable(e.getMessage());
        }
    }

    private static OptionalLong headerNumber(ConsumerRecord<byte[], byte[]> record, String name) throws Unusable {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return OptionalLong.empty();
        }
        String text = new String(header.value(), StandardCharsets.UTF_8).trim();
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new Unusable("header '" + name + "' is not a number: " + text);
        }
    }
}
