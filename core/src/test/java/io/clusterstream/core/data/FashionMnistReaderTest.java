package io.clusterstream.core.data;

import io.clusterstream.core.fixtures.RealDataSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FashionMnistReaderTest {

    @Test
    void realSplitsHaveTheirSizesShapeAndClassBalance() {
        LabeledImages train = RealDataSets.fashionMnistTrain();
        LabeledImages test = RealDataSets.fashionMnistTest();

        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        for (LabeledImages split : new LabeledImages[] {train, test}) {
            assertEquals(28, split.width());
            assertEquals(28, split.height());
            assertEquals(1, split.channels());
            assertEquals(ClassNames.FASHION_MNIST, split.classNames());
        }
        int[] overall = new int[10];
        for (int c = 0; c < 10; c++) {
            overall[c] = train.classCounts()[c] + test.classCounts()[c];
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 7_000);
        assertArrayEquals(expected, overall);
    }

    @Test
    void realTrainingLabelsStartWithTheKnownSequence() {
        LabeledImages train = RealDataSets.fashionMnistTrain();

        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(train.labels(), 10));
        assertEquals("Ankle boot", train.classNames().get(train.label(0)));
    }

    @Test
    void realImagesHaveADarkBackgroundAndBrightObject() {
        var first = RealDataSets.fashionMnistTrain().image(0);

        assertEquals(0, first.get(0, 0, 0));
        int max = 0;
        for (byte b : first.pixels()) {
            max = Math.max(max, b & 0xFF);
        }
        assertEquals(255, max);
    }

    @Test
    void readsSmallGzippedAndPlainIdxFiles(@TempDir Path dir) throws IOException {
        byte[] pixels = {0, 1, 2, 3, 4, 5, (byte) 250, 7, 8, 9, 10, 11};
        Path images = write(dir.resolve("images.gz"), true, idxImages(IdxFiles.IMAGES_MAGIC, 2, 2, 3, pixels));
        Path labels = write(dir.resolve("labels"), false, idxLabels(IdxFiles.LABELS_MAGIC, new byte[] {7, 1}));

        LabeledImages read = FashionMnistReader.read(images, labels);

        assertEquals(2, read.size());
        assertEquals(3, read.width());
        assertEquals(2, read.height());
        assertArrayEquals(new int[] {7, 1}, read.labels());
        assertEquals(250, read.image(1).get(0, 0, 0));
        assertEquals(5, read.image(0).get(0, 1, 2));
    }

    @Test
    void wrongMagicIsRejected(@TempDir Path dir) throws IOException {
        Path labels = write(dir.resolve("labels.gz"), true, idxLabels(IdxFiles.LABELS_MAGIC, new byte[] {1}));
        Path images = write(dir.resolve("images.gz"), true, idxImages(IdxFiles.LABELS_MAGIC, 1, 1, 1, new byte[1]));
        Path swapped = write(dir.resolve("swapped.gz"), true, idxImages(IdxFiles.IMAGES_MAGIC, 1, 1, 1, new byte[1]));

        DataSetException imageError = assertThrows(DataSetException.class,
                () -> FashionMnistReader.read(images, labels));
        DataSetException labelError = assertThrows(DataSetException.class,
                () -> FashionMnistReader.read(swapped, swapped));

        assertTrue(imageError.getMessage().contains("wrong magic number 2049, expected 2051"), imageError.getMessage());
        assertTrue(imageError.getMessage().contains(images.toString()), imageError.getMessage());
        assertTrue(labelError.getMessage().contains("expected 2049"), labelError.getMessage());
    }

    @Test
    void truncatedFilesAreRejected(@TempDir Path dir) throws IOException {
        Path labels = write(dir.resolve("labels.gz"), true, idxLabels(IdxFiles.LABELS_MAGIC, new byte[] {1, 2}));
        byte[] full = idxImages(IdxFiles.IMAGES_MAGIC, 2, 4, 4, new byte[32]);
        Path shortBody = write(dir.resolve("short.gz"), true, Arrays.copyOf(full, full.length - 5));
        Path shortHeader = write(dir.resolve("header.gz"), true, Arrays.copyOf(full, 10));
        byte[] gzipped = Files.readAllBytes(write(dir.resolve("whole.gz"), true, full));
        Path cutGzip = write(dir.resolve("cut.gz"), false, Arrays.copyOf(gzipped, gzipped.length - 12));

        for (Path images : new Path[] {shortBody, shortHeader, cutGzip}) {
            DataSetException error = assertThrows(DataSetException.class,
                    () -> FashionMnistReader.read(images, labels));
            assertTrue(error.getMessage().contains(images.toString()), error.getMessage());
            assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        }
    }

    @Test
    void countMismatchAndTrailingBytesAreRejected(@TempDir Path dir) throws IOException {
        Path labels = write(dir.resolve("labels.gz"), true, idxLabels(IdxFiles.LABELS_MAGIC, new byte[] {1, 2, 3}));
        Path twoImages = write(dir.resolve("two.gz"), true, idxImages(IdxFiles.IMAGES_MAGIC, 2, 1, 1, new byte[2]));
        Path trailing = write(dir.resolve("trailing.gz"), true,
                idxImages(IdxFiles.IMAGES_MAGIC, 3, 1, 1, new byte[4]));

        DataSetException mismatch = assertThrows(DataSetException.class,
                () -> FashionMnistReader.read(twoImages, labels));
        DataSetException extra = assertThrows(DataSetException.class,
                () -> FashionMnistReader.read(trailing, labels));

        assertTrue(mismatch.getMessage().contains("count mismatch"), mismatch.getMessage());
        assertTrue(extra.getMessage().contains("trailing bytes"), extra.getMessage());
    }

    @Test
    void labelOutOfRangeIsRejected(@TempDir Path dir) throws IOException {
        Path labels = write(dir.resolve("labels.gz"), true, idxLabels(IdxFiles.LABELS_MAGIC, new byte[] {10}));
        Path images = write(dir.resolve("images.gz"), true, idxImages(IdxFiles.IMAGES_MAGIC, 1, 1, 1, new byte[1]));

        DataSetException error = assertThrows(DataSetException.class, () -> FashionMnistReader.read(images, labels));

        assertTrue(error.getMessage().contains("label 10"), error.getMessage());
    }

    @Test
    void missingFilesSayToRunTheFetchScript(@TempDir Path dir) {
        DataSetException error = assertThrows(DataSetException.class, () -> new FashionMnistReader(dir).readTest());

        assertTrue(error.getMessage().contains(FashionMnistReader.TEST_LABELS), error.getMessage());
        assertTrue(error.getMessage().contains("fetch-data.sh"), error.getMessage());
    }

    private static byte[] idxImages(int magic, int count, int rows, int columns, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        out.write(pixels);
        return bytes.toByteArray();
    }

    private static byte[] idxLabels(int magic, byte[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(labels.length);
        out.write(labels);
        return bytes.toByteArray();
    }

    private static Path write(Path file, boolean gzip, byte[] content) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }
}
