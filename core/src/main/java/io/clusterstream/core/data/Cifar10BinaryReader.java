package io.clusterstream.core.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the original "CIFAR-10 binary version" ({@code cifar-10-batches-bin/}): each batch file is a sequence of
 * {@value #RECORD_LENGTH}-byte records, one label byte followed by the 32x32 red, green and blue planes. That is
 * already the CHW layout of {@link LabeledImages}, so records are copied as they are.
 */
public final class Cifar10BinaryReader {

    /** Bytes per record: 1 label byte and 3 * 32 * 32 pixel bytes. */
    public static final int RECORD_LENGTH = 1 + 3 * Cifar10PngReader.IMAGE_SIDE * Cifar10PngReader.IMAGE_SIDE;
    /** The five training batches, in order. */
    public static final List<String> TRAIN_BATCHES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    /** The test batch. */
    public static final String TEST_BATCH = "test_batch.bin";

    private static final Logger LOG = LoggerFactory.getLogger(Cifar10BinaryReader.class);
    private static final int IMAGE_LENGTH = RECORD_LENGTH - 1;

    private final Path directory;

    /** @param directory the folder holding {@code data_batch_1.bin} … {@code test_batch.bin} */
    public Cifar10BinaryReader(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The training images of batches 1..5, in order. */
    public LabeledImages readTrain() {
        return readBatches(TRAIN_BATCHES);
    }

    /** The test images. */
    public LabeledImages readTest() {
        return readBatches(List.of(TEST_BATCH));
    }

    /** The training images followed by the test images. */
    public LabeledImages readAll() {
        List<String> all = new ArrayList<>(TRAIN_BATCHES);
        all.add(TEST_BATCH);
        return readBatches(all);
    }

    /**
     * Reads one batch file of any number of records.
     *
     * @throws DataSetException if the file is missing, is not a whole number of records or has a label above 9
     */
    public static LabeledImages readBatch(Path file) {
        DataSets.requireFile(file);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataSetException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (content.length % RECORD_LENGTH != 0) {
            throw new DataSetException(file + ": truncated or not a CIFAR-10 binary batch: " + content.length
                    + " bytes is not a multiple of the " + RECORD_LENGTH + "-byte record");
        }
        int count = content.length / RECORD_LENGTH;
        byte[] pixels = new byte[count * IMAGE_LENGTH];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int record = i * RECORD_LENGTH;
            labels[i] = content[record] & 0xFF;
            if (labels[i] >= ClassNames.CIFAR10.size()) {
                throw new DataSetException(file + ": record " + i + " has label " + labels[i]
                        + ", CIFAR-10 labels are 0..9");
            }
            System.arraycopy(content, record + 1, pixels, i * IMAGE_LENGTH, IMAGE_LENGTH);
        }
        return new LabeledImages(Cifar10PngReader.IMAGE_SIDE, Cifar10PngReader.IMAGE_SIDE, 3, pixels, labels,
                ClassNames.CIFAR10);
    }

    private LabeledImages readBatches(List<String> names) {
        long started = System.nanoTime();
        LabeledImages[] parts = names.stream().map(name -> readBatch(directory.resolve(name)))
                .toArray(LabeledImages[]::new);
        LabeledImages images = parts.length == 1 ? parts[0] : LabeledImages.concat(parts);
        LOG.info("Read {} CIFAR-10 images from {} binary batches in {} ms", images.size(), parts.length,
                (System.nanoTime() - started) / 1_000_000);
        return images;
    }
}
