package io.clusterstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.trainer.TrainerMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    @TempDir
    Path store;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new TrainerMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsTheFitOptionsOfTrain() {
        String[] help = run("serve", "--help");
        assertEquals("0", help[0]);
        assertTrue(help[1].contains("--algorithm") && help[1].contains("--interval") && help[1].contains("--sample-last-n"), help[1]);
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitNonZero() {
        String[] noKafka = run("serve", "--store", store.toString());
        assertNotEquals("0", noKafka[0]);
        assertTrue(noKafka[2].contains("--bootstrap-servers"), noKafka[2]);

        String[] badShape = run("serve", "--store", store.toString(), "--bootstrap-servers", "localhost:1", "--preprocessing", "imagenet");
        assertNotEquals("0", badShape[0]);
        assertTrue(badShape[2].contains("unknown data set 'imagenet'"), badShape[2]);

        String[] badSample = run("serve", "--store", store.toString(), "--bootstrap-servers", "localhost:1", "--sample-last-n", "0");
        assertNotEquals("0", badSample[0]);
        assertTrue(badSample[2].contains("at least 1 image"), badSample[2]);

        String[] badInterval = run("serve", "--store", store.toString(), "--bootstrap-servers", "localhost:1", "--interval", "hourly");
        assertNotEquals("0", badInterval[0]);
        assertTrue(badInterval[2].contains("--interval"), badInterval[2]);
    }
}
