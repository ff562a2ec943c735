package io.clusterstream.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderReaderTest {

    private static void writeSolid(Path file, int width, int height, Color color) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void writeGrey(Path file, int width, int height, int value) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** dogs/: a red 10x8 and a grey 40x40 image; cats/: a blue 16x16 image; plus entries that are ignored. */
    private static Path twoClasses(Path root) throws IOException {
        Path dogs = Files.createDirectories(root.resolve("dogs"));
        Path cats = Files.createDirectories(root.resolve("cats"));
        Files.createDirectories(root.resolve(".hidden"));
        writeSolid(dogs.resolve("b.png"), 10, 8, new Color(200, 10, 20));
        writeGrey(dogs.resolve("a.png"), 40, 40, 100);
        writeSolid(cats.resolve("only.PNG"), 16, 16, new Color(0, 0, 255));
        Files.writeString(dogs.resolve("notes.txt"), "not an image");
        Files.writeString(root.resolve("stray.png"), "ignored: not in a class folder");
        return root;
    }

    @Test
    void classesAreSortedSubFoldersAndImagesAreResized(@TempDir Path root) throws IOException {
        LabeledImages images = new ImageFolderReader(16, 12, 3).read(twoClasses(root));

        assertEquals(List.of("cats", "dogs"), images.classNames());
        assertEquals(3, images.size());
        assertArrayEquals(new int[] {0, 1, 1}, images.labels());
        assertEquals(16, images.width());
        assertEquals(12, images.height());
        assertEquals(3, images.channels());
        // cats/only.PNG, then dogs/a.png (grey), then dogs/b.png (red); solid colours survive resizing exactly.
        assertPixel(images, 0, 0, 0, 255);
        assertPixel(images, 1, 100, 100, 100);
        assertPixel(images, 2, 200, 10, 20);
    }

    @Test
    void convertsToGreyWithLumaAndKeepsGreyValues(@TempDir Path root) throws IOException {
        LabeledImages images = new ImageFolderReader(8, 8, 1).read(twoClasses(root));

        assertEquals(1, images.channels());
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(29, images.image(0).get(0, y, x)); // 0.114 * 255
                assertEquals(100, images.image(1).get(0, y, x));
                assertEquals(68, images.image(2).get(0, y, x)); // 0.299 * 200 + 0.587 * 10 + 0.114 * 20
            }
        }
    }

    @Test
    void undecodableImageIsNamedInTheError(@TempDir Path root) throws IOException {
        Path broken = Files.createDirectories(root.resolve("only")).resolve("broken.png");
        Files.writeString(broken, "this is not a PNG");

        DataSetException error = assertThrows(DataSetException.class,
                () -> new ImageFolderReader(4, 4, 3).read(root));

        assertTrue(error.getMessage().contains(broken.toString()), error.getMessage());
    }

    @Test
    void folderWithoutClassesOrImagesIsRejected(@TempDir Path root) throws IOException {
        ImageFolderReader reader = new ImageFolderReader(4, 4, 3);

        assertThrows(DataSetException.class, () -> reader.read(root.resolve("absent")));
        assertThrows(DataSetException.class, () -> reader.read(root));
        Files.createDirectories(root.resolve("empty-class"));
        assertThrows(DataSetException.class, () -> reader.read(root));
    }

    @Test
    void rejectsInvalidTargets() {
        assertThrows(IllegalArgumentException.class, () -> new ImageFolderReader(0, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> new ImageFolderReader(4, 4, 2));
    }

    private static void assertPixel(LabeledImages images, int index, int red, int green, int blue) {
        var image = images.image(index);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                assertEquals(red, image.get(0, y, x), "red of image " + index);
                assertEquals(green, image.get(1, y, x), "green of image " + index);
                assertEquals(blue, image.get(2, y, x), "blue of image " + index);
            }
        }
    }
}
