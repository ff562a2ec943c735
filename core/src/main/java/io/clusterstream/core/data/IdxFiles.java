package io.clusterstream.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-style IDX files, gzipped or not: an image file (magic {@value #IMAGES_MAGIC}, then count, rows and
 * columns as big-endian ints, then unsigned pixel bytes) and a label file (magic {@value #LABELS_MAGIC}, then count,
 * then one byte per label).
 */
final class IdxFiles {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC = 0x8b1f;

    private IdxFiles() {
    }

    /** Reads an image file and its label file into grey {@link LabeledImages}. */
    static LabeledImages read(Path imagesFile, Path labelsFile, List<String> classNames) {
        int[] labels = readLabels(labelsFile, classNames.size());
        try (DataInputStream in = open(imagesFile)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataSetException(imagesFile + ": wrong magic number " + magic + ", expected "
                        + IMAGES_MAGIC + " for an IDX image file");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (count < 0 || rows < 1 || columns < 1) {
                throw new DataSetException(imagesFile + ": invalid header: " + count + " images of " + rows + "x"
                        + columns);
            }
            if (count != labels.length) {
                throw new DataSetException("count mismatch: " + imagesFile + " has " + count + " images but "
                        + labelsFile + " has " + labels.length + " labels");
            }
            int imageLength = Math.multiplyExact(rows, columns);
            byte[] pixels = new byte[LabeledImages.checkedImageCount(count, imageLength) * imageLength];
            readBody(in, pixels, imagesFile);
            return new LabeledImages(columns, rows, 1, pixels, labels, classNames);
        } catch (ArithmeticException e) {
            throw new DataSetException(imagesFile + ": invalid header: image size overflows", e);
        } catch (EOFException e) {
            throw truncatedHeader(imagesFile, e);
        } catch (IOException e) {
            throw new DataSetException(imagesFile + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static int[] readLabels(Path file, int classCount) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DataSetException(file + ": wrong magic number " + magic + ", expected " + LABELS_MAGIC
                        + " for an IDX label file");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new DataSetException(file + ": invalid header: negative count " + count);
            }
            byte[] bytes = new byte[count];
            readBody(in, bytes, file);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
                if (labels[i] >= classCount) {
                    throw new DataSetException(file + ": label " + labels[i] + " of item " + i + " is not in [0, "
                            + classCount + ")");
                }
            }
            return labels;
        } catch (EOFException e) {
            throw truncatedHeader(file, e);
        } catch (IOException e) {
            throw new DataSetException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Fills {@code body} and checks that nothing follows it. */
    private static void readBody(DataInputStream in, byte[] body, Path file) throws IOException {
        boolean trailing;
        try {
            in.readFully(body);
            trailing = in.read() != -1;
        } catch (EOFException e) {
            throw new DataSetException(file + ": truncated: the header promises " + body.length
                    + " bytes of data but the file ends early", e);
        }
        if (trailing) {
            throw new DataSetException(file + ": has trailing bytes after the " + body.length
                    + " bytes its header announces");
        }
    }

    private static DataSetException truncatedHeader(Path file, EOFException cause) {
        return new DataSetException(file + ": truncated: the file ends inside the IDX header", cause);
    }

    private static DataInputStream open(Path file) throws IOException {
        DataSets.requireFile(file);
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int first = raw.read();
            int second = raw.read();
            raw.reset();
            boolean gzipped = (first | (second << 8)) == GZIP_MAGIC;
            InputStream in = gzipped ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return new DataInputStream(in);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
