package io.clusterstream.core.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ResizeTest {

    @Test
    void sameSizeReturnsTheInput() {
        byte[] image = {1, 2, 3, 4};

        assertSame(image, Resize.bilinear(image, 1, 2, 2, 2, 2));
    }

    @Test
    void halvingAveragesPixelPairs() {
        byte[] image = {
                0, 10, 100, (byte) 200,
                20, 30, 100, (byte) 200,
        };

        assertArrayEquals(new byte[] {15, (byte) 150}, Resize.bilinear(image, 1, 2, 4, 1, 2));
    }

    @Test
    void doublingInterpolatesBetweenCentresAndClampsAtEdges() {
        byte[] image = {0, 100};

        assertArrayEquals(new byte[] {0, 25, 75, 100}, Resize.bilinear(image, 1, 1, 2, 1, 4));
    }

    @Test
    void channelsAreResizedIndependently() {
        byte[] image = {10, 10, 10, 10, 50, 50, 50, 50};

        assertArrayEquals(new byte[] {10, 50}, Resize.bilinear(image, 2, 2, 2, 1, 1));
    }
}
