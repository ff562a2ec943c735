package io.clusterstream.core.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;

/** Decodes images with ImageIO, turning every failure into a {@link DataSetException} that names the source. */
final class ImageDecoding {

    static {
        // Without this, ImageIO spools every stream it decodes to a temporary file first.
        ImageIO.setUseCache(false);
    }

    /** Width and height read from an image header. */
    record Size(int width, int height) {
    }

    private ImageDecoding() {
    }

    /** Reads only the header of {@code file}. */
    static Size probe(Path file) {
        DataSets.requireFile(file);
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = readerFor(input, file.toString());
            try {
                reader.setInput(input, true, true);
                return new Size(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new DataSetException(file + ": cannot read image header: " + e.getMessage(), e);
        }
    }

    static BufferedImage decode(Path file) {
        DataSets.requireFile(file);
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            return decode(input, file.toString());
        } catch (IOException e) {
            throw new DataSetException(file + ": cannot decode image: " + e.getMessage(), e);
        }
    }

    static BufferedImage decode(InputStream stream, String source) {
        try (ImageInputStream input = ImageIO.createImageInputStream(stream)) {
            return decode(input, source);
        } catch (IOException e) {
            throw new DataSetException(source + ": cannot decode image: " + e.getMessage(), e);
        }
    }

    private static BufferedImage decode(ImageInputStream input, String source) throws IOException {
        ImageReader reader = readerFor(input, source);
        try {
            reader.setInput(input, true, true);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader readerFor(ImageInputStream input, String source) {
        if (input == null) {
            throw new DataSetException(source + ": cannot open as an image stream");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw new DataSetException(source + ": not an image in a format ImageIO can read");
        }
        return readers.next();
    }
}
