package io.clusterstream.stream.testing;

import com.google.protobuf.ByteString;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.schemas.v1.EncodedImage;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.schemas.v1.PixelLayout;
import io.clusterstream.schemas.v1.RawImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** Record values for ingest tests: real CIFAR-10 images as events or files, and the kinds of bad input. */
public final class ImageRecords {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageRecords() {}

    /** An ImageEvent carrying CIFAR image {@code index} as an encoded PNG, with its label. */
    public static ImageEvent pngEvent(String eventId, int index) {
        return ImageEvent.newBuilder()
                .setEventId(eventId)
                .setEventTimeMs(1_700_000_000_000L + index)
                .setSource("camera-" + index % 3)
                .setEncoded(EncodedImage.newBuilder()
                        .setData(ByteString.copyFrom(CifarFixture.pngBytes(index)))
                        .setMediaType("image/png"))
                .putAttributes("fixture", "cifar10-test")
                .setLabel(CifarFixture.label(index))
                .build();
    }

    /** An ImageEvent carrying CIFAR image {@code index} as raw planar (CHW) pixels, as CIFAR's binary format stores it. */
    public static ImageEvent rawEvent(String eventId, int index) {
        PixelImage image = CifarFixture.image(index);
        return ImageEvent.newBuilder()
                .setEventId(eventId)
                .setRaw(RawImage.newBuilder()
                        .setWidth(image.width())
                        .setHeight(image.height())
                        .setChannels(image.channels())
                        .setLayout(PixelLayout.PIXEL_LAYOUT_PLANAR)
                        .setPixels(ByteString.copyFrom(image.pixels())))
                .build();
    }

    /** An ImageEvent whose raw image has fewer pixel bytes than its dimensions need. */
    public static ImageEvent rawEventWithWrongSize(String eventId) {
        return ImageEvent.newBuilder()
                .setEventId(eventId)
                .setRaw(RawImage.newBuilder()
                        .setWidth(32)
                        .setHeight(32)
                        .setChannels(3)
                        .setPixels(ByteString.copyFrom(new byte[100])))
                .build();
    }

    /** An ImageEvent with metadata but no image. */
    public static ImageEvent eventWithoutImage(String eventId) {
        return ImageEvent.newBuilder().setEventId(eventId).setSource("camera-1").build();
    }

    /** A length-delimited field 1 (event_id) whose length varint is cut short. */
    public static byte[] malformedProtobuf() {
        return new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF};
    }

    /** CIFAR image {@code index} as a PNG cut in half. */
    public static byte[] truncatedPng(int index) {
        byte[] png = CifarFixture.pngBytes(index);
        return Arrays.copyOf(png, png.length / 2);
    }

    /** A PNG signature and a valid IHDR chunk declaring a {@code width}x{@code height} RGB image, and nothing else. */
    public static byte[] pngHeaderDeclaring(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8) // bit depth
                .put((byte) 2) // colour type: RGB
                .put((byte) 0) // compression
                .put((byte) 0) // filter
                .put((byte) 0); // no interlace
        byte[] type = "IHDR".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(ihdr.array());
        return ByteBuffer.allocate(PNG_SIGNATURE.length + 4 + 4 + 13 + 4)
                .put(PNG_SIGNATURE)
                .putInt(13)
                .put(type)
                .put(ihdr.array())
                .putInt((int) crc.getValue())
                .array();
    }

    /** The start of a lossy WebP file: RIFF header, WEBP form type and a VP8 chunk header. */
    public static byte[] webpHeader() {
        byte[] header = new byte[30];
        ByteBuffer.wrap(header)
                .put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .put(new byte[] {22, 0, 0, 0})
                .put("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII));
        return header;
    }
}
