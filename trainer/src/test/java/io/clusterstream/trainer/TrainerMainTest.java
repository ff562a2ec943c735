package io.clusterstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainerMainTest {

    @Test
    void helpExitsZeroAndDescribesTheTool() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TrainerMain()).setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().contains("Usage: trainer"), out.toString());
    }

    @Test
    void anUnknownOptionIsReportedAndExitsNonZero() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TrainerMain()).setErr(new PrintWriter(err));
        assertNotEquals(0, cli.execute("--no-such-option"));
        assertTrue(err.toString().contains("--no-such-option"), err.toString());
    }
}
