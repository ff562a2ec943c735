package io.clusterstream.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.clusterstream.core.image.ImageRejectedException.Reason;
import io.clusterstream.schemas.v1.EncodedImage;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.schemas.v1.PixelLayout;
import io.clusterstream.schemas.v1.RawImage;
import org.junit.jupiter.api.Test;

class ImageDecoderRawTest {

    private final ImageDecoder decoder = new ImageDecoder();

    // A 3x2 RGB image; pixel (x, y) has red 10*(3y+x), green red+1, blue red+2.
    private static final byte[] RGB_INTERLEAVED = {
            0, 1, 2, 10, 11, 12, 20, 21, 22,
            30, 31, 32, 40, 41, 42, 50, 51, 52};
    private static final byte[] RGB_PLANAR = {
            0, 10, 20, 30, 40, 50,
            1, 11, 21, 31, 41, 51,
            2, 12, 22, 32, 42, 52};

    @Test
    void interleavedAndPlanarLayoutsGiveTheSameImage() throws Exception {
        PixelImage interleaved = decoder.decode(raw(3, 2, 3, PixelLayout.PIXEL_LAYOUT_INTERLEAVED, RGB_INTERLEAVED));
        PixelImage planar = decoder.decode(raw(3, 2, 3, PixelLayout.PIXEL_LAYOUT_PLANAR, RGB_PLANAR));

        assertEquals(3, interleaved.width());
        assertEquals(2, interleaved.height());
        assertEquals(3, interleaved.channels());
        assertArrayEquals(RGB_PLANAR, interleaved.pixels());
        assertArrayEquals(RGB_PLANAR, planar.pixels());
        assertEquals(41, interleaved.get(1, 1, 1));
    }

    @Test
    void rgbaDropsAlphaInEitherLayout() throws Exception {
        byte[] interleaved = new byte[3 * 2 * 4];
        byte[] planar = new byte[3 * 2 * 4];
        for (int i = 0; i < 6; i++) {
            for (int c = 0; c < 3; c++) {
                interleaved[i * 4 + c] = RGB_INTERLEAVED[i * 3 + c];
            }
            interleaved[i * 4 + 3] = (byte) (i * 50);
            planar[3 * 6 + i] = (byte) (i * 50);
        }
        System.arraycopy(RGB_PLANAR, 0, planar, 0, RGB_PLANAR.length);

        PixelImage fromInterleaved = decoder.decode(raw(3, 2, 4, PixelLayout.PIXEL_LAYOUT_INTERLEAVED, interleaved));
        PixelImage fromPlanar = decoder.decode(raw(3, 2, 4, PixelLayout.PIXEL_LAYOUT_PLANAR, planar));

        assertEquals(3, fromInterleaved.channels());
        assertArrayEquals(RGB_PLANAR, fromInterleaved.pixels());
        assertArrayEquals(RGB_PLANAR, fromPlanar.pixels());
    }

    @Test
    void greyStaysOneChannel() throws Exception {
        byte[] grey = {0, 64, (byte) 128, (byte) 255};

        PixelImage image = decoder.decode(raw(2, 2, 1, PixelLayout.PIXEL_LAYOUT_INTERLEAVED, grey));

        assertEquals(1, image.channels());
        assertArrayEquals(grey, image.pixels());
    }

    @Test
    void wrongByteCountSaysWhatWasExpected() {
        byte[] oneShort = new byte[17];

        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> decoder.decode(raw(3, 2, 3, PixelLayout.PIXEL_LAYOUT_INTERLEAVED, oneShort)));

        assertEquals(Reason.INVALID_RAW, e.reason());
        assertEquals("raw 3x2x3 PIXEL_LAYOUT_INTERLEAVED image needs exactly 18 pixel bytes, got 17", e.getMessage());
    }

    @Test
    void inconsistentDescriptionsAreInvalid() {
        assertInvalid(raw(0, 2, 3, PixelLayout.PIXEL_LAYOUT_PLANAR, new byte[0]), "at least 1x1");
        assertInvalid(raw(2, 2, 2, PixelLayout.PIXEL_LAYOUT_PLANAR, new byte[8]), "got 2");
        assertInvalid(raw(2, 2, 0, PixelLayout.PIXEL_LAYOUT_PLANAR, new byte[0]), "got 0");
        assertInvalid(RawImage.newBuilder().setWidth(1).setHeight(1).setChannels(1).setLayoutValue(7)
                .setPixels(ByteString.copyFrom(new byte[1])).build(), "unknown pixel layout 7");
    }

    @Test
    void tooManyPixelsAreRejectedBeforeTheByteCountIsChecked() {
        // uint32 max: a Java int of -1, which must not be read as a negative width.
        RawImage huge = RawImage.newBuilder().setWidth(-1).setHeight(2).setChannels(3)
                .setPixels(ByteString.copyFrom(new byte[6])).build();

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(huge));

        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("4294967295x2"), e.getMessage());
    }

    @Test
    void eventsAreDecodedWhicheverImageTheyCarry() throws Exception {
        byte[] png = TestImages.encode(TestImages.rgbGradient(3, 2), "png");
        ImageEvent encoded = ImageEvent.newBuilder()
                .setEncoded(EncodedImage.newBuilder().setData(ByteString.copyFrom(png))).build();
        ImageEvent rawEvent = ImageEvent.newBuilder()
                .setRaw(raw(3, 2, 3, PixelLayout.PIXEL_LAYOUT_PLANAR, RGB_PLANAR)).build();

        assertEquals(3, decoder.decode(encoded).width());
        assertArrayEquals(RGB_PLANAR, decoder.decode(rawEvent).pixels());
    }

    @Test
    void eventsWithoutAnImageOrWithTooManyBytesAreRejected() {
        ImageEvent none = ImageEvent.newBuilder().setEventId("e-1").build();
        ImageEvent big = ImageEvent.newBuilder()
                .setEncoded(EncodedImage.newBuilder().setData(ByteString.copyFrom(new byte[101]))).build();
        ImageDecoder small = new ImageDecoder(DecodeLimits.defaults().withMaxEncodedBytes(100));

        assertEquals(Reason.EMPTY, assertThrows(ImageRejectedException.class, () -> decoder.decode(none)).reason());
        assertEquals(Reason.TOO_MANY_BYTES,
                assertThrows(ImageRejectedException.class, () -> small.decode(big)).reason());
    }

    private void assertInvalid(RawImage image, String messagePart) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(image));
        assertEquals(Reason.INVALID_RAW, e.reason());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    private static RawImage raw(int width, int height, int channels, PixelLayout layout, byte[] pixels) {
        return RawImage.newBuilder().setWidth(width).setHeight(height).setChannels(channels).setLayout(layout)
                .setPixels(ByteString.copyFrom(pixels)).build();
    }
}
