package io.clusterstream.core.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.clusterstream.core.image.ImageDecoder;
import io.clusterstream.core.image.ImageOps;
import io.clusterstream.core.image.ImageRejectedException;
import io.clusterstream.core.image.PixelImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a folder of labelled images: every sub-folder is a class, named after it, and class ids follow the
 * alphabetical order of the names. Images ({@code .png}, {@code .jpg}, {@code .jpeg}, {@code .bmp}, {@code .gif})
 * are read in file-name order, decoded like stream events ({@link ImageDecoder}), converted to the requested channel count and resized
 * to the requested size ({@link ImageOps}). Other
 * files, hidden entries and files directly in the root folder are ignored.
 */
public final class ImageFolderReader {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderReader.class);
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    private static final ImageDecoder DECODER = new ImageDecoder();

    private final int width;
    private final int height;
    private final int channels;

    /**
     * @param width    width every image is resized to
     * @param height   height every image is resized to
     * @param channels 1 to convert to grey (ITU-R BT.601 luma), 3 for RGB
     */
    public ImageFolderReader(int width, int height, int channels) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target size must be at least 1x1, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
    }

    /**
     * Reads every image under {@code root}.
     *
     * @throws DataSetException if {@code root} is not a folder, has no class folders or no images, or an image
     *                          cannot be decoded
     */
    public LabeledImages read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataSetException(root.toAbsolutePath() + ": not a folder of class sub-folders");
        }
        List<Path> classFolders = list(root).stream().filter(Files::isDirectory).toList();
        if (classFolders.isEmpty()) {
            throw new DataSetException(root.toAbsolutePath() + ": has no class sub-folders");
        }
        List<String> classNames = classFolders.stream().map(folder -> folder.getFileName().toString()).toList();
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        for (int label = 0; label < classFolders.size(); label++) {
            for (Path file : list(classFolders.get(label))) {
                if (Files.isRegularFile(file) && isImage(file)) {
                    files.add(file);
                    fileLabels.add(label);
                }
            }
        }
        if (files.isEmpty()) {
            throw new DataSetException(root.toAbsolutePath() + ": the class folders hold no images");
        }
        int imageLength = channels * height * width;
        byte[] pixels = new byte[LabeledImages.checkedImageCount(files.size(), imageLength) * imageLength];
        int[] labels = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            byte[] image = toTarget(files.get(i));
            System.arraycopy(image, 0, pixels, i * imageLength, imageLength);
            labels[i] = fileLabels.get(i);
        }
        LOG.info("Read {} images of {} classes from {}", files.size(), classNames.size(), root);
        return new LabeledImages(width, height, channels, pixels, labels, classNames);
    }

    /** Decodes with the same decoder the stream job uses, so training and serving see identical pixels. */
    private byte[] toTarget(Path file) {
        try {
            PixelImage decoded = DECODER.decode(Files.readAllBytes(file));
            return ImageOps.resize(ImageOps.withChannels(decoded, channels), width, height).pixels();
        } catch (ImageRejectedException e) {
            throw new DataSetException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataSetException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The non-hidden entries of {@code folder}, sorted by name. */
    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> !entry.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DataSetException(folder + ": cannot list: " + e.getMessage(), e);
        }
    }
}
