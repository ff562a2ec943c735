package io.clusterstream.stream.ingest;

import io.clusterstream.core.image.PixelImage;
import io.clusterstream.stream.events.KafkaRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image event whose pixels have been decoded, with its metadata resolved (fallbacks from the Kafka record already
 * applied). The image is held as the fields of a {@link PixelImage} (planar, 8-bit) so that Flink serializes it as a
 * POJO. The original record travels along so that a later stage can still dead-letter it with its original bytes.
 */
public class DecodedEvent {
    public String eventId;
    /** Event time in ms since the epoch. */
    public long eventTimeMs;
    /** Who sent the image; never null, possibly empty. */
    public String source;
    public Map<String, String> attributes = new LinkedHashMap<>();
    /** Ground truth, or null when unknown. */
    public Integer label;
    public int width;
    public int height;
    /** 1 (grey) or 3 (RGB). */
    public int channels;
    /** {@code channels * height * width} bytes, channel planes one after another (CHW). */
    public byte[] pixels;
    /** The record the event was decoded from. */
    public KafkaRecord original;

    public DecodedEvent() {}

    public DecodedEvent(String eventId, long eventTimeMs, String source, Map<String, String> attributes, Integer label,
            PixelImage image, KafkaRecord original) {
        this.eventId = eventId;
        this.eventTimeMs = eventTimeMs;
        this.source = source;
        this.attributes = attributes;
        this.label = label;
        this.width = image.width();
        this.height = image.height();
        this.channels = image.channels();
        this.pixels = image.pixels();
        this.original = original;
    }

    /** The pixels as a {@link PixelImage}, sharing this event's pixel array. */
    public PixelImage image() {
        return new PixelImage(width, height, channels, pixels);
    }

    @Override
    public String toString() {
        return "DecodedEvent{" + eventId + ", " + width + "x" + height + "x" + channels + ", source=" + source + "}";
    }
}
