package io.clusterstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamJobMainTest {

    @Test
    void helpExitsZeroAndDescribesTheTool() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new StreamJobMain()).setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().contains("Usage: stream-job"), out.toString());
    }

    @Test
    void anUnknownOptionIsReportedAndExitsNonZero() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StreamJobMain()).setErr(new PrintWriter(err));
        assertNotEquals(0, cli.execute("--no-such-option"));
        assertTrue(err.toString().contains("--no-such-option"), err.toString());
    }
}
