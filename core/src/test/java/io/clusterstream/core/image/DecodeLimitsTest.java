package io.clusterstream.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DecodeLimitsTest {

    @Test
    void defaultsAreFiftyMegapixelsAndThirtyTwoMebibytes() {
        assertEquals(50_000_000L, DecodeLimits.defaults().maxPixels());
        assertEquals(32 * 1024 * 1024, DecodeLimits.defaults().maxEncodedBytes());
    }

    @Test
    void eachLimitCanBeReplacedAlone() {
        DecodeLimits limits = DecodeLimits.defaults().withMaxPixels(1000).withMaxEncodedBytes(2048);

        assertEquals(new DecodeLimits(1000, 2048), limits);
    }

    @Test
    void limitsMustBePositiveAndPixelsMustFitAnArray() {
        assertThrows(IllegalArgumentException.class, () -> DecodeLimits.defaults().withMaxPixels(0));
        assertThrows(IllegalArgumentException.class, () -> DecodeLimits.defaults().withMaxEncodedBytes(0));
        assertThrows(IllegalArgumentException.class,
                () -> DecodeLimits.defaults().withMaxPixels(DecodeLimits.MAX_SUPPORTED_PIXELS + 1));
    }
}
