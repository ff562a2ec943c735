package io.clusterstream.stream.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.image.DecodeLimits;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.schemas.DeadLetterHeaders;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.stream.events.KafkaRecord;
import io.clusterstream.stream.testing.ImageRecords;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

    private static final String TOPIC = "clusterstream.images";
    private static final int PARTITION = 3;
    private static final long OFFSET = 42;
    private static final long RECORD_TIME = 1_650_000_000_000L;

    private final EventDecoder decoder = new EventDecoder();

    @Test
    void protobufEventWithEncodedPng() throws Exception {
        ImageEvent event = ImageRecords.pngEvent("evt-7", 7);
        KafkaRecord record = record("evt-7".getBytes(UTF_8), event.toByteArray(), Map.of());

        DecodedEvent decoded = decoder.decode(record);

        assertEquals("evt-7", decoded.eventId);
        assertEquals(event.getEventTimeMs(), decoded.eventTimeMs);
        assertEquals(event.getSource(), decoded.source);
        assertEquals(Map.of("fixture", "cifar10-test"), decoded.attributes);
        assertEquals(CifarFixture.label(7), decoded.label);
        assertSameImage(CifarFixture.image(7), decoded.image());
        assertTrue(record == decoded.original, "the original record travels with the event");
    }

    @Test
    void protobufEventWithRawPixels() throws Exception {
        ImageEvent event = ImageRecords.rawEvent("evt-raw", 11);

        DecodedEvent decoded = decoder.decode(record(null, event.toByteArray(), Map.of()));

        assertEquals("evt-raw", decoded.eventId);
        assertSameImage(CifarFixture.image(11), decoded.image());
        assertNull(decoded.label);
        assertEquals("", decoded.source);
    }

    @Test
    void protobufEventWithoutIdOrTimeFallsBackToTheRecord() throws Exception {
        ImageEvent event = ImageRecords.pngEvent("", 3).toBuilder().setEventTimeMs(0).build();

        DecodedEvent decoded = decoder.decode(record(null, event.toByteArray(), Map.of()));

        assertEquals("clusterstream.images-3-42", decoded.eventId);
        assertEquals(RECORD_TIME, decoded.eventTimeMs);
    }

    @Test
    void barePngTakesItsMetadataFromHeaders() throws Exception {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("event-id", utf8("upload-1"));
        headers.put("source", utf8("phone-app"));
        headers.put("event-time-ms", utf8("1700000000123"));
        headers.put("label", utf8("4"));
        headers.put("attr.user", utf8("alice"));
        headers.put("attr.album", utf8("holiday"));
        headers.put("unrelated", utf8("ignored"));

        DecodedEvent decoded = decoder.decode(record(utf8("some-key"), CifarFixture.pngBytes(5), headers));

        assertEquals("upload-1", decoded.eventId);
        assertEquals("phone-app", decoded.source);
        assertEquals(1_700_000_000_123L, decoded.eventTimeMs);
        assertEquals(4, decoded.label);
        assertEquals(Map.of("user", "alice", "album", "holiday"), decoded.attributes);
        assertSameImage(CifarFixture.image(5), decoded.image());
    }

    @Test
    void barePngWithoutHeadersGetsADerivedIdAndTheKeyAsSource() throws Exception {
        DecodedEvent decoded = decoder.decode(record(utf8("camera-9"), CifarFixture.pngBytes(2), Map.of()));

        assertEquals("clusterstream.images-3-42", decoded.eventId);
        assertEquals("camera-9", decoded.source);
        assertEquals(RECORD_TIME, decoded.eventTimeMs);
        assertNull(decoded.label);
        assertTrue(decoded.attributes.isEmpty());
        assertSameImage(CifarFixture.image(2), decoded.image());
    }

    @Test
    void barePngWithoutKeyHasAnEmptySource() throws Exception {
        assertEquals("", decoder.decode(record(null, CifarFixture.pngBytes(2), Map.of())).source);
    }

    @Test
    void malformedProtobuf() {
        assertRejected(ImageRecords.malformedProtobuf(), "MALFORMED_PROTOBUF", DeadLetterHeaders.STAGE_DESERIALIZATION);
    }

    @Test
    void emptyValue() {
        assertRejected(new byte[0], "EMPTY_VALUE", DeadLetterHeaders.STAGE_DESERIALIZATION);
    }

    @Test
    void nullValue() {
        assertRejected(null, "EMPTY_VALUE", DeadLetterHeaders.STAGE_DESERIALIZATION);
    }

    @Test
    void protobufWithoutImage() {
        assertRejected(ImageRecords.eventWithoutImage("evt").toByteArray(), "NO_IMAGE",
                DeadLetterHeaders.STAGE_DESERIALIZATION);
    }

    @Test
    void bytesThatParseOnlyAsUnknownFieldsAreNotAnEvent() {
        // Field 99, varint 1: well-formed protobuf, but nothing an ImageEvent knows.
        assertRejected(new byte[] {(byte) 0x98, 0x06, 0x01}, "NO_IMAGE", DeadLetterHeaders.STAGE_DESERIALIZATION);
    }

    @Test
    void randomBytesAreNeverAccepted() {
        Random random = new Random(20240601);
        for (int i = 0; i < 2_000; i++) {
            byte[] value = new byte[1 + random.nextInt(64)];
            random.nextBytes(value);
            KafkaRecord record = record(null, value, Map.of());
            assertThrows(RejectedEventException.class, () -> decoder.decode(record),
                    () -> "accepted random bytes " + java.util.HexFormat.of().formatHex(value));
        }
    }

    @Test
    void truncatedPng() {
        assertRejected(ImageRecords.truncatedPng(0), "IMAGE_TRUNCATED", DeadLetterHeaders.STAGE_DECODE);
    }

    @Test
    void pngDeclaringTooManyPixels() {
        assertRejected(ImageRecords.pngHeaderDeclaring(100_000, 100_000), "IMAGE_TOO_LARGE",
                DeadLetterHeaders.STAGE_DECODE);
    }

    @Test
    void webpIsUnsupported() {
        assertRejected(ImageRecords.webpHeader(), "IMAGE_UNSUPPORTED_FORMAT", DeadLetterHeaders.STAGE_DECODE);
    }

    @Test
    void rawPixelsOfTheWrongSize() {
        assertRejected(ImageRecords.rawEventWithWrongSize("evt").toByteArray(), "IMAGE_INVALID_RAW",
                DeadLetterHeaders.STAGE_DECODE);
    }

    @Test
    void labelHeaderThatIsNotANumber() {
        RejectedEventException e = assertRejected(CifarFixture.pngBytes(0), Map.of("label", utf8("cat")),
                "BAD_HEADER", DeadLetterHeaders.STAGE_DESERIALIZATION);
        assertTrue(e.getMessage().contains("'label'") && e.getMessage().contains("'cat'"), e.getMessage());
    }

    @Test
    void eventTimeHeaderThatIsNotANumber() {
        assertRejected(CifarFixture.pngBytes(0), Map.of("event-time-ms", utf8("yesterday")), "BAD_HEADER",
                DeadLetterHeaders.STAGE_DESERIALIZATION);
    }

    @Test
    void headerThatIsNotUtf8() {
        assertRejected(CifarFixture.pngBytes(0), Map.of("event-id", new byte[] {(byte) 0xC3, 0x28}), "BAD_HEADER",
                DeadLetterHeaders.STAGE_DESERIALIZATION);
    }

    @Test
    void limitsAreConfigurable() {
        EventDecoder small = new EventDecoder(DecodeLimits.defaults().withMaxPixels(32 * 32 - 1));
        KafkaRecord record = record(null, CifarFixture.pngBytes(0), Map.of());

        RejectedEventException e = assertThrows(RejectedEventException.class, () -> small.decode(record));

        assertEquals("IMAGE_TOO_LARGE", e.reason());
    }

    @Test
    void decodesAfterJavaSerialization() throws Exception {
        EventDecoder copy = InstantiationUtil.clone(new EventDecoder(DecodeLimits.defaults().withMaxPixels(5_000)));

        assertEquals(5_000, copy.limits().maxPixels());
        assertEquals("e", copy.decode(record(null, ImageRecords.pngEvent("e", 1).toByteArray(), Map.of())).eventId);
    }

    private RejectedEventException assertRejected(byte[] value, String reason, String stage) {
        return assertRejected(value, Map.of(), reason, stage);
    }

    private RejectedEventException assertRejected(byte[] value, Map<String, byte[]> headers, String reason, String stage) {
        KafkaRecord record = record(null, value, headers);
        RejectedEventException e = assertThrows(RejectedEventException.class, () -> decoder.decode(record));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(stage, e.stage(), e.getMessage());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "rejections explain themselves");
        return e;
    }

    private static void assertSameImage(PixelImage expected, PixelImage actual) {
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.height(), actual.height());
        assertEquals(expected.channels(), actual.channels());
        assertArrayEquals(expected.pixels(), actual.pixels());
    }

    private static KafkaRecord record(byte[] key, byte[] value, Map<String, byte[]> headers) {
        return new KafkaRecord(TOPIC, PARTITION, OFFSET, RECORD_TIME, key, value, new LinkedHashMap<>(headers));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }
}
