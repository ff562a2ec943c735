package io.clusterstream.core.data;

import io.clusterstream.core.fixtures.RealDataSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Cifar10BinaryReaderTest {

    /** Writes {@code images} as a CIFAR-10 binary batch: per image a label byte, then the R, G and B planes. */
    private static void writeBinaryBatch(LabeledImages images, Path file) throws IOException {
        byte[] content = new byte[images.size() * Cifar10BinaryReader.RECORD_LENGTH];
        for (int i = 0; i < images.size(); i++) {
            int record = i * Cifar10BinaryReader.RECORD_LENGTH;
            content[record] = (byte) images.label(i);
            images.copyPixels(i, content, record + 1);
        }
        Files.write(file, content);
    }

    @Test
    void binaryWrittenFromThePngDataReadsBackIdentically(@TempDir Path dir) throws IOException {
        LabeledImages fromPng = RealDataSets.cifar10Test();
        writeBinaryBatch(fromPng, dir.resolve(Cifar10BinaryReader.TEST_BATCH));

        LabeledImages fromBinary = new Cifar10BinaryReader(dir).readTest();

        assertEquals(10_000, fromBinary.size());
        assertEquals(ClassNames.CIFAR10, fromBinary.classNames());
        assertArrayEquals(fromPng.labels(), fromBinary.labels());
        for (int i = 0; i < fromPng.size(); i++) {
            assertArrayEquals(fromPng.image(i).pixels(), fromBinary.image(i).pixels(), "image " + i);
        }
        // Spot checks of the plane layout: channel 1 of pixel (y, x) sits at 1024 + 32 * y + x after the label.
        byte[] file = Files.readAllBytes(dir.resolve(Cifar10BinaryReader.TEST_BATCH));
        for (int i : new int[] {0, 7, 9_999}) {
            int record = i * Cifar10BinaryReader.RECORD_LENGTH;
            assertEquals(fromPng.label(i), file[record]);
            assertEquals(fromPng.image(i).get(0, 0, 0), file[record + 1] & 0xFF);
            assertEquals(fromPng.image(i).get(1, 5, 17), file[record + 1 + 1024 + 32 * 5 + 17] & 0xFF);
            assertEquals(fromPng.image(i).get(2, 31, 31), file[record + Cifar10BinaryReader.RECORD_LENGTH - 1] & 0xFF);
        }
    }

    @Test
    void trainingBatchesAreReadInOrder(@TempDir Path dir) throws IOException {
        LabeledImages source = RealDataSets.cifar10Test().head(50);
        for (int batch = 0; batch < 5; batch++) {
            int[] indices = IntStream.range(10 * batch, 10 * batch + 10).toArray();
            writeBinaryBatch(source.subset(indices), dir.resolve(Cifar10BinaryReader.TRAIN_BATCHES.get(batch)));
        }
        writeBinaryBatch(source.head(3), dir.resolve(Cifar10BinaryReader.TEST_BATCH));

        LabeledImages train = new Cifar10BinaryReader(dir).readTrain();
        LabeledImages all = new Cifar10BinaryReader(dir).readAll();

        assertArrayEquals(source.labels(), train.labels());
        assertArrayEquals(source.image(37).pixels(), train.image(37).pixels());
        assertEquals(53, all.size());
        assertArrayEquals(source.image(2).pixels(), all.image(52).pixels());
    }

    @Test
    void truncatedFileIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(Cifar10BinaryReader.TEST_BATCH);
        writeBinaryBatch(RealDataSets.cifar10Test().head(3), file);
        byte[] content = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(content, content.length - 100));

        DataSetException error = assertThrows(DataSetException.class, () -> Cifar10BinaryReader.readBatch(file));

        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    void labelAboveNineIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.bin");
        byte[] content = new byte[2 * Cifar10BinaryReader.RECORD_LENGTH];
        content[Cifar10BinaryReader.RECORD_LENGTH] = 10;
        Files.write(file, content);

        DataSetException error = assertThrows(DataSetException.class, () -> Cifar10BinaryReader.readBatch(file));

        assertTrue(error.getMessage().contains("record 1 has label 10"), error.getMessage());
    }

    @Test
    void missingFileSaysToRunTheFetchScript(@TempDir Path dir) {
        DataSetException error = assertThrows(DataSetException.class, () -> new Cifar10BinaryReader(dir).readTest());

        assertTrue(error.getMessage().contains(Cifar10BinaryReader.TEST_BATCH), error.getMessage());
        assertTrue(error.getMessage().contains("fetch-data.sh"), error.getMessage());
    }
}
