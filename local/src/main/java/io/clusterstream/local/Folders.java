package io.clusterstream.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers the local mode needs. */
final class Folders {

    /** Deletes a folder and everything in it; nothing happens when it does not exist. */
    static void deleteRecursively(Path folder) throws IOException {
        if (!java.nio.file.Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = java.nio.file.Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        }
    }

    private Folders() {}
}
