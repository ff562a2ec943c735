package io.clusterstream.local;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocalMainTest {

    @TempDir
    Path folder;

    private static String errorOf(String... args) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new LocalMain()).setErr(new PrintWriter(err)).execute(args);
        assertNotEquals(0, code);
        return err.toString();
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitNonZero() {
        String[] classpaths = {"--trainer-classpath", "x", "--stream-app-classpath", "y"};
        assertTrue(errorOf("--data-folder", folder.toString()).contains("--trainer-classpath"));
        assertTrue(errorOf(concat(classpaths, "--cifar10", folder.resolve("absent").toString()))
                .contains("CIFAR-10 is not in"));
        assertTrue(errorOf(concat(classpaths, "--cifar10", folder.toString(), "--shift-classes", "3,12"))
                .contains("0..9"));
        assertTrue(errorOf(concat(classpaths, "--cifar10", folder.toString(), "--rate", "0")).contains("rate"));
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
