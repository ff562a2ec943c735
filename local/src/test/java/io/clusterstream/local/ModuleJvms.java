package io.clusterstream.local;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the ITs need to start the other modules' programs as child JVMs. */
final class ModuleJvms {

    /** A module's classes and runtime class path, as its build (the dependency plugin) wrote them. */
    static String classpath(String module) throws IOException {
        Path root = Path.of(System.getProperty("clusterstream.root", ".."));
        Path file = root.resolve(module).resolve("target/runtime-classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build " + module + " first, e.g. "
                    + "mvn -pl trainer,stream-app,local -am verify -Dtest=skip -Dit.test=LocalModeIT");
        }
        return root.resolve(module).resolve("target/classes") + File.pathSeparator + Files.readString(file).trim();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private ModuleJvms() {}
}
