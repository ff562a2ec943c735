package io.clusterstream.trainer.data;

import io.clusterstream.core.data.Cifar10BinaryReader;
import io.clusterstream.core.data.Cifar10PngReader;
import io.clusterstream.core.data.DataSets;
import io.clusterstream.core.data.FashionMnistReader;
import io.clusterstream.core.data.ImageFolderReader;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.data.StandardPreprocessing;
import io.clusterstream.schemas.v1.Preprocessing;
import java.nio.file.Path;

/**
 * A data set named on the command line: {@code cifar10}, {@code fashion-mnist} (both from the data folder that
 * {@code scripts/fetch-data.sh} fills), {@code cifar10-bin:<dir>} (CIFAR-10's original binary files) or
 * {@code folder:<dir>} (one sub-folder per class, read at 32x32 RGB).
 */
public record DataSetSpec(String kind, Path location) {

    public static final String FORMATS = "cifar10, fashion-mnist, cifar10-bin:<dir> or folder:<dir>";

    /** @throws IllegalArgumentException naming the accepted forms */
    public static DataSetSpec parse(String text) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        Path location = colon < 0 ? null : Path.of(text.substring(colon + 1));
        return switch (kind) {
            case "cifar10" -> new DataSetSpec(kind, location == null ? DataSets.cifar10Dir() : location);
            case "fashion-mnist" -> new DataSetSpec(kind, location == null ? DataSets.fashionMnistDir() : location);
            case "cifar10-bin", "folder" -> {
                if (location == null) {
                    throw new IllegalArgumentException("data set '" + kind + "' needs a folder: " + kind + ":<dir>");
                }
                yield new DataSetSpec(kind, location);
            }
            default -> throw new IllegalArgumentException("unknown data set '" + text + "'; use " + FORMATS);
        };
    }

    /** The input size and normalisation models trained on this data set use. */
    public Preprocessing preprocessing() {
        return kind.equals("fashion-mnist") ? StandardPreprocessing.FASHION_MNIST : StandardPreprocessing.CIFAR10;
    }

    public LabeledImages read(Split split) {
        return switch (kind) {
            case "cifar10" -> switch (split) {
                case TRAIN -> new Cifar10PngReader(location).readTrain();
                case TEST -> new Cifar10PngReader(location).readTest();
                case ALL -> new Cifar10PngReader(location).readAll();
            };
            case "cifar10-bin" -> switch (split) {
                case TRAIN -> new Cifar10BinaryReader(location).readTrain();
                case TEST -> new Cifar10BinaryReader(location).readTest();
                case ALL -> new Cifar10BinaryReader(location).readAll();
            };
            case "fashion-mnist" -> switch (split) {
                case TRAIN -> new FashionMnistReader(location).readTrain();
                case TEST -> new FashionMnistReader(location).readTest();
                case ALL -> new FashionMnistReader(location).readAll();
            };
            default -> new ImageFolderReader(32, 32, 3).read(location);
        };
    }

    @Override
    public String toString() {
        return kind + ":" + location;
    }

    /** Which part of a data set: the papers' train+test protocol is ALL. */
    public enum Split { TRAIN, TEST, ALL }
}
