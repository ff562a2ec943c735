package io.clusterstream.core.data;

import io.clusterstream.core.fixtures.PngImages;
import io.clusterstream.core.fixtures.RealDataSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the real CIFAR-10 from the data directory; run scripts/fetch-data.sh first (the Maven build does). */
class Cifar10PngReaderTest {

    @Test
    void testLabelsStartWithTheKnownSequence() {
        LabeledImages test = RealDataSets.cifar10Test();

        assertArrayEquals(new int[] {3, 8, 8, 0, 6, 6, 1, 6, 3, 1}, Arrays.copyOf(test.labels(), 10));
        assertEquals(ClassNames.CIFAR10, test.classNames());
        assertEquals("cat", test.classNames().get(test.label(0)));
    }

    @Test
    void splitsHaveTheirSizesShapesAndClassBalance() {
        LabeledImages train = RealDataSets.cifar10Train();
        LabeledImages test = RealDataSets.cifar10Test();

        assertEquals(50_000, train.size());
        assertEquals(10_000, test.size());
        for (LabeledImages split : new LabeledImages[] {train, test}) {
            assertEquals(32, split.width());
            assertEquals(32, split.height());
            assertEquals(3, split.channels());
        }
        int[] expectedTrain = new int[10];
        Arrays.fill(expectedTrain, 5_000);
        int[] expectedTest = new int[10];
        Arrays.fill(expectedTest, 1_000);
        assertArrayEquals(expectedTrain, train.classCounts());
        assertArrayEquals(expectedTest, test.classCounts());
    }

    @Test
    void readAllIsTrainFollowedByTestWith6000PerClass() {
        LabeledImages all = Cifar10PngReader.fromDataDir().readAll();
        LabeledImages train = RealDataSets.cifar10Train();
        LabeledImages test = RealDataSets.cifar10Test();

        assertEquals(60_000, all.size());
        int[] expected = new int[10];
        Arrays.fill(expected, 6_000);
        assertArrayEquals(expected, all.classCounts());
        for (int i : new int[] {0, 9_999, 10_000, 49_999}) {
            assertEquals(train.label(i), all.label(i));
            assertArrayEquals(train.image(i).pixels(), all.image(i).pixels());
        }
        for (int i : new int[] {0, 1, 9_999}) {
            assertEquals(test.label(i), all.label(50_000 + i));
            assertArrayEquals(test.image(i).pixels(), all.image(50_000 + i).pixels());
        }
    }

    @Test
    void pixelsMatchThePngDecodedIndependently() throws IOException {
        LabeledImages test = RealDataSets.cifar10Test();
        BufferedImage png = ImageIO.read(DataSets.cifar10Dir().resolve(Cifar10PngReader.TEST_BATCH).toFile());
        Random random = new Random(42);

        for (int n = 0; n < 500; n++) {
            int i = random.nextInt(test.size());
            int y = random.nextInt(32);
            int x = random.nextInt(32);
            int rgb = png.getRGB(32 * y + x, i);
            var image = test.image(i);
            assertEquals((rgb >> 16) & 0xFF, image.get(0, y, x), "red of image " + i + " at " + y + "," + x);
            assertEquals((rgb >> 8) & 0xFF, image.get(1, y, x), "green of image " + i + " at " + y + "," + x);
            assertEquals(rgb & 0xFF, image.get(2, y, x), "blue of image " + i + " at " + y + "," + x);
        }
    }

    @Test
    void imagesAreNotBlank() {
        LabeledImages test = RealDataSets.cifar10Test();

        for (int i = 0; i < 10; i++) {
            byte[] pixels = test.image(i).pixels();
            int min = 255;
            int max = 0;
            for (byte b : pixels) {
                min = Math.min(min, b & 0xFF);
                max = Math.max(max, b & 0xFF);
            }
            assertTrue(max - min > 50, "image " + i + " has almost no contrast: " + min + ".." + max);
        }
    }

    @Test
    void missingDataSaysToRunTheFetchScript(@TempDir Path empty) {
        DataSetException error = assertThrows(DataSetException.class, () -> new Cifar10PngReader(empty).readTest());

        assertTrue(error.getMessage().contains(Cifar10PngReader.TEST_LABELS), error.getMessage());
        assertTrue(error.getMessage().contains("scripts/fetch-data.sh"), error.getMessage());
    }

    @Test
    void labelCountMustMatchTheImageRows(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve(Cifar10PngReader.TEST_BATCH),
                PngImages.encodeCifarBatch(RealDataSets.cifar10Test().head(2)));
        Files.writeString(dir.resolve(Cifar10PngReader.TEST_LABELS), "[1,2,3]");

        DataSetException error = assertThrows(DataSetException.class, () -> new Cifar10PngReader(dir).readTest());

        assertTrue(error.getMessage().contains("count mismatch"), error.getMessage());
        assertTrue(error.getMessage().contains("3 labels"), error.getMessage());
    }

    @Test
    void rejectsAPngOfTheWrongWidth(@TempDir Path dir) throws IOException {
        ImageIO.write(new BufferedImage(32, 2, BufferedImage.TYPE_3BYTE_BGR), "png",
                dir.resolve(Cifar10PngReader.TEST_BATCH).toFile());
        Files.writeString(dir.resolve(Cifar10PngReader.TEST_LABELS), "[1,2]");

        DataSetException error = assertThrows(DataSetException.class, () -> new Cifar10PngReader(dir).readTest());

        assertTrue(error.getMessage().contains("width 32"), error.getMessage());
    }

    @Test
    void rejectsATruncatedPng(@TempDir Path dir) throws IOException {
        byte[] png = PngImages.encodeCifarBatch(RealDataSets.cifar10Test().head(4));
        Files.write(dir.resolve(Cifar10PngReader.TEST_BATCH), Arrays.copyOf(png, png.length / 2));
        Files.writeString(dir.resolve(Cifar10PngReader.TEST_LABELS), "[1,2,3,4]");

        DataSetException error = assertThrows(DataSetException.class, () -> new Cifar10PngReader(dir).readTest());

        assertTrue(error.getMessage().contains(Cifar10PngReader.TEST_BATCH), error.getMessage());
    }
}
