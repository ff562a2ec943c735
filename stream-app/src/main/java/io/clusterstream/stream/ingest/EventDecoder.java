package io.clusterstream.stream.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.clusterstream.core.image.DecodeLimits;
import io.clusterstream.core.image.ImageDecoder;
import io.clusterstream.core.image.ImageFormat;
import io.clusterstream.core.image.ImageRejectedException;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.schemas.DeadLetterHeaders;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.stream.events.KafkaRecord;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a {@link KafkaRecord} from the images topic into a {@link DecodedEvent}, or says why it cannot.
 *
 * <p>A record value is one of two things:
 * <ul>
 *   <li>a bare PNG, JPEG, GIF or BMP file, recognised by its magic bytes (so that {@code kcat -P -t
 *       clusterstream.images image.png} works). Its metadata comes from headers, all optional, values UTF-8:
 *       {@value #EVENT_ID_HEADER} (default: {@code <topic>-<partition>-<offset>}), {@value #SOURCE_HEADER} (default:
 *       the record key, else empty), {@value #EVENT_TIME_HEADER} (default: the record timestamp),
 *       {@value #LABEL_HEADER} (an int) and {@value #ATTRIBUTE_HEADER_PREFIX}{@code <name>} for each attribute;</li>
 *   <li>otherwise an {@code ImageEvent} protobuf, which must carry an image. An empty {@code event_id} falls back to
 *       {@code <topic>-<partition>-<offset>} and an {@code event_time_ms} of 0 to the record timestamp.</li>
 * </ul>
 *
 * <p>Instances are serializable so that Flink functions can hold one; the image decoder itself is created lazily.
 * An instance is meant for one thread at a time.
 */
public final class EventDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String EVENT_ID_HEADER = "event-id";
    public static final String SOURCE_HEADER = "source";
    public static final String EVENT_TIME_HEADER = "event-time-ms";
    public static final String LABEL_HEADER = "label";
    public static final String ATTRIBUTE_HEADER_PREFIX = "attr.";

    // DecodeLimits is not Serializable, so its two numbers are kept instead.
    private final long maxPixels;
    private final int maxEncodedBytes;
    private transient ImageDecoder imageDecoder;

    /** A decoder with {@link DecodeLimits#defaults()}. */
    public EventDecoder() {
        this(DecodeLimits.defaults());
    }

    public EventDecoder(DecodeLimits limits) {
        this.maxPixels = limits.maxPixels();
        this.maxEncodedBytes = limits.maxEncodedBytes();
    }

    public DecodeLimits limits() {
        return new DecodeLimits(maxPixels, maxEncodedBytes);
    }

    /**
     * Parses the record and decodes its image.
     *
     * @throws RejectedEventException at stage {@link DeadLetterHeaders#STAGE_DESERIALIZATION} with reason
     *                                {@link RejectedEventException#EMPTY_VALUE}, {@link RejectedEventException#MALFORMED_PROTOBUF},
     *                                {@link RejectedEventException#NO_IMAGE} or {@link RejectedEventException#BAD_HEADER};
     *                                at stage {@link DeadLetterHeaders#STAGE_DECODE} with an
     *                                {@link ImageRejectedException.Reason#code() image reason} such as {@code IMAGE_TRUNCATED}
     */
    public DecodedEvent decode(KafkaRecord record) throws RejectedEventException {
        byte[] value = record.value;
        if (value == null || value.length == 0) {
            throw new RejectedEventException(RejectedEventException.EMPTY_VALUE, DeadLetterHeaders.STAGE_DESERIALIZATION,
                    value == null ? "record has no value (a tombstone)" : "record value is empty");
        }
        // A serialized ImageEvent begins with a field tag (0x0a to 0x38), which no leading image signature begins
        // with, so checking the magic bytes first does not misread an event as a file. (HEIC and AVIF are found by a
        // 'ftyp' box at offset 4 plus a known brand; an event id spelling exactly that is the one theoretical clash.)
        if (ImageFormat.detect(value) != ImageFormat.UNKNOWN) {
            return decodeImageFile(record, value);
        }
        return decodeImageEvent(record, parseImageEvent(value));
    }

    private DecodedEvent decodeImageFile(KafkaRecord record, byte[] value) throws RejectedEventException {
        String eventId = header(record, EVENT_ID_HEADER);
        if (eventId == null || eventId.isEmpty()) {
            eventId = derivedEventId(record);
        }
        String source = header(record, SOURCE_HEADER);
        if (source == null) {
            source = record.key == null ? "" : new String(record.key, StandardCharsets.UTF_8);
        }
        String eventTime = header(record, EVENT_TIME_HEADER);
        long eventTimeMs = eventTime == null ? record.timestamp : parseLong(EVENT_TIME_HEADER, eventTime);
        String labelText = header(record, LABEL_HEADER);
        Integer label = labelText == null ? null : parseInt(LABEL_HEADER, labelText);

        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : record.headers.keySet()) {
            if (name.startsWith(ATTRIBUTE_HEADER_PREFIX)) {
                String attribute = name.substring(ATTRIBUTE_HEADER_PREFIX.length());
                if (attribute.isEmpty()) {
                    throw badHeader("header '" + name + "' names no attribute; use '" + ATTRIBUTE_HEADER_PREFIX + "<name>'");
                }
                String attributeValue = header(record, name);
                attributes.put(attribute, attributeValue == null ? "" : attributeValue);
            }
        }

        PixelImage image;
        try {
            image = imageDecoder().decode(value);
        } catch (ImageRejectedException e) {
            throw RejectedEventException.imageRejected(e);
        }
        return new DecodedEvent(eventId, eventTimeMs, source, attributes, label, image, record);
    }

    private static ImageEvent parseImageEvent(byte[] value) throws RejectedEventException {
        ImageEvent event;
        try {
            // parseFrom fails on truncated fields, bad wire types and invalid UTF-8 in strings; it does accept
            // fields it does not know, which is why the image is required below.
            event = ImageEvent.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new RejectedEventException(RejectedEventException.MALFORMED_PROTOBUF,
                    DeadLetterHeaders.STAGE_DESERIALIZATION,
                    "value is neither a PNG, JPEG, GIF or BMP file nor an ImageEvent protobuf (" + value.length
                            + " bytes starting " + firstBytes(value) + "): " + e.getMessage(), e);
        }
        if (event.getImageCase() == ImageEvent.ImageCase.IMAGE_NOT_SET) {
            // Random bytes often parse as a message made only of unknown fields; this is where they end up.
            throw new RejectedEventException(RejectedEventException.NO_IMAGE, DeadLetterHeaders.STAGE_DESERIALIZATION,
                    "value parses as an ImageEvent but carries no image (" + value.length + " bytes starting "
                            + firstBytes(value) + ", " + event.getUnknownFields().asMap().size()
                            + " unknown fields); it is neither an ImageEvent with an image nor a PNG, JPEG, GIF or BMP file");
        }
        return event;
    }

    private DecodedEvent decodeImageEvent(KafkaRecord record, ImageEvent event) throws RejectedEventException {
        PixelImage image;
        try {
            image = imageDecoder().decode(event);
        } catch (ImageRejectedException e) {
            throw RejectedEventException.imageRejected(e);
        }
        String eventId = event.getEventId().isEmpty() ? derivedEventId(record) : event.getEventId();
        long eventTimeMs = event.getEventTimeMs() == 0 ? record.timestamp : event.getEventTimeMs();
        Integer label = event.hasLabel() ? event.getLabel() : null;
        return new DecodedEvent(eventId, eventTimeMs, event.getSource(), new LinkedHashMap<>(event.getAttributesMap()),
                label, image, record);
    }

    private ImageDecoder imageDecoder() {
        if (imageDecoder == null) {
            imageDecoder = new ImageDecoder(limits());
        }
        return imageDecoder;
    }

    /** The id of an event that brings none: where it was read, which is stable across replays. */
    private static String derivedEventId(KafkaRecord record) {
        return record.topic + "-" + record.partition + "-" + record.offset;
    }

    /** The header's value as UTF-8 text, or null when the header is absent or has no value. */
    private static String header(KafkaRecord record, String name) throws RejectedEventException {
        byte[] bytes = record.headers.get(name);
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badHeader("header '" + name + "' is not valid UTF-8 (" + bytes.length + " bytes)");
        }
    }

    private static long parseLong(String name, String text) throws RejectedEventException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw badHeader("header '" + name + "' must be a whole number of ms since the epoch, got " + quoted(text));
        }
    }

    private static int parseInt(String name, String text) throws RejectedEventException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw badHeader("header '" + name + "' must be an integer class id, got " + quoted(text));
        }
    }

    private static RejectedEventException badHeader(String message) {
        return new RejectedEventException(RejectedEventException.BAD_HEADER, DeadLetterHeaders.STAGE_DESERIALIZATION,
                message);
    }

    /** Header text for a message, shortened: it comes from the producer and may be of any length. */
    private static String quoted(String text) {
        return text.length() <= 64 ? "'" + text + "'" : "'" + text.substring(0, 64) + "...' (" + text.length() + " chars)";
    }

    private static String firstBytes(byte[] value) {
        return HexFormat.ofDelimiter(" ").formatHex(value, 0, Math.min(value.length, 8));
    }
}
