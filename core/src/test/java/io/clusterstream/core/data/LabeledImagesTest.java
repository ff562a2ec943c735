package io.clusterstream.core.data;

import io.clusterstream.core.image.PixelImage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabeledImagesTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** Three 2x1 RGB images; every byte of image i is 10 * i + its position within the image. */
    private static LabeledImages threeImages() {
        byte[] pixels = new byte[3 * 6];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (10 * (i / 6) + i % 6);
        }
        return new LabeledImages(2, 1, 3, pixels, new int[] {2, 0, 1}, CLASSES);
    }

    @Test
    void exposesShapeLabelsAndImages() {
        LabeledImages images = threeImages();

        assertEquals(3, images.size());
        assertEquals(6, images.imageLength());
        assertEquals(CLASSES, images.classNames());
        assertEquals(0, images.label(1));
        assertArrayEquals(new int[] {2, 0, 1}, images.labels());
        assertArrayEquals(new int[] {1, 1, 1}, images.classCounts());

        PixelImage second = images.image(1);
        assertEquals(2, second.width());
        assertEquals(1, second.height());
        assertEquals(3, second.channels());
        assertArrayEquals(new byte[] {10, 11, 12, 13, 14, 15}, second.pixels());
        assertEquals(15, second.get(2, 0, 1));
    }

    @Test
    void imageAndLabelsAreCopies() {
        LabeledImages images = threeImages();

        images.image(0).pixels()[0] = 99;
        images.labels()[0] = 1;

        assertEquals(0, images.image(0).get(0, 0, 0));
        assertEquals(2, images.label(0));
    }

    @Test
    void copyPixelsWritesAtTheOffset() {
        byte[] batch = new byte[8];

        threeImages().copyPixels(2, batch, 1);

        assertArrayEquals(new byte[] {0, 20, 21, 22, 23, 24, 25, 0}, batch);
    }

    @Test
    void subsetKeepsTheGivenOrderAndRepeats() {
        LabeledImages subset = threeImages().subset(new int[] {2, 0, 2});

        assertArrayEquals(new int[] {1, 2, 1}, subset.labels());
        assertEquals(20, subset.image(0).get(0, 0, 0));
        assertEquals(0, subset.image(1).get(0, 0, 0));
        assertEquals(25, subset.image(2).get(2, 0, 1));
    }

    @Test
    void subsetRejectsAnIndexOutOfRange() {
        assertThrows(IndexOutOfBoundsException.class, () -> threeImages().subset(new int[] {3}));
    }

    @Test
    void headTakesTheFirstImagesAndCapsAtTheSize() {
        LabeledImages images = threeImages();

        assertArrayEquals(new int[] {2, 0}, images.head(2).labels());
        assertEquals(10, images.head(2).image(1).get(0, 0, 0));
        assertEquals(3, images.head(10).size());
        assertEquals(0, images.head(0).size());
    }

    @Test
    void concatAppendsInOrder() {
        LabeledImages images = threeImages();

        LabeledImages joined = LabeledImages.concat(images.head(1), images, images.subset(new int[] {1}));

        assertArrayEquals(new int[] {2, 2, 0, 1, 0}, joined.labels());
        assertEquals(0, joined.image(1).get(0, 0, 0));
        assertEquals(20, joined.image(3).get(0, 0, 0));
        assertEquals(10, joined.image(4).get(0, 0, 0));
    }

    @Test
    void concatRejectsDifferentShapesOrClasses() {
        LabeledImages rgb = threeImages();
        LabeledImages grey = new LabeledImages(2, 1, 1, new byte[2], new int[] {0}, CLASSES);
        LabeledImages otherClasses = new LabeledImages(2, 1, 3, new byte[6], new int[] {0}, List.of("x"));

        assertThrows(IllegalArgumentException.class, () -> LabeledImages.concat(rgb, grey));
        assertThrows(IllegalArgumentException.class, () -> LabeledImages.concat(rgb, otherClasses));
        assertThrows(IllegalArgumentException.class, LabeledImages::concat);
    }

    @Test
    void rejectsInconsistentConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(2, 1, 3, new byte[5], new int[] {0}, CLASSES));
        assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(2, 1, 2, new byte[4], new int[] {0}, CLASSES));
        assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(2, 1, 1, new byte[2], new int[] {3}, CLASSES));
        assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(2, 1, 1, new byte[2], new int[] {-1}, CLASSES));
    }

    @Test
    void imagesOfTheUnlabelledClassAreNotLabelled() {
        LabeledImages images = new LabeledImages(1, 1, 1, new byte[2], new int[] {0, 1},
                List.of("class 0", LabeledImages.UNLABELLED));
        assertEquals(true, images.isLabelled(0));
        assertEquals(false, images.isLabelled(1));
    }
}
