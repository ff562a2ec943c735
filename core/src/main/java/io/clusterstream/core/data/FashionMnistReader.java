package io.clusterstream.core.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads Fashion-MNIST from its four gzipped IDX files: 60,000 training and 10,000 test images, 28x28 grey.
 */
public final class FashionMnistReader {

    /** Training images. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    /** Training labels. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    /** Test images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    /** Test labels. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnistReader.class);

    private final Path directory;

    /** @param directory the folder holding the four {@code *-ubyte.gz} files */
    public FashionMnistReader(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** A reader of {@link DataSets#fashionMnistDir()}. */
    public static FashionMnistReader fromDataDir() {
        return new FashionMnistReader(DataSets.fashionMnistDir());
    }

    /** The 60,000 training images. */
    public LabeledImages readTrain() {
        return read(directory.resolve(TRAIN_IMAGES), directory.resolve(TRAIN_LABELS));
    }

    /** The 10,000 test images. */
    public LabeledImages readTest() {
        return read(directory.resolve(TEST_IMAGES), directory.resolve(TEST_LABELS));
    }

    /** All 70,000 images: the training images followed by the test images. */
    public LabeledImages readAll() {
        return LabeledImages.concat(readTrain(), readTest());
    }

    /**
     * Reads an IDX image file and its IDX label file (each gzipped or not) with the Fashion-MNIST class names.
     *
     * @throws DataSetException if a file is missing, has the wrong magic number, is truncated, or the counts differ
     */
    public static LabeledImages read(Path imagesFile, Path labelsFile) {
        long started = System.nanoTime();
        LabeledImages images = IdxFiles.read(imagesFile, labelsFile, ClassNames.FASHION_MNIST);
        LOG.info("Read {} Fashion-MNIST images from {} in {} ms", images.size(), imagesFile,
                (System.nanoTime() - started) / 1_000_000);
        return images;
    }
}
