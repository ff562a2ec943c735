package io.clusterstream.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component of the local mode running in a JVM of its own (same {@code java} as this one), its standard output and
 * error appended to a log file. {@link #close()} asks it to stop (SIGTERM, so its shutdown hooks run) and kills it
 * only if it does not stop in time.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);
    private static final long STOP_SECONDS = 30;

    /** What to run: a main class on a class path, with JVM options and arguments. */
    public record Command(String name, String classpath, String mainClass, List<String> jvmOptions, List<String> arguments) {
        public Command {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(classpath, "classpath");
            Objects.requireNonNull(mainClass, "mainClass");
            jvmOptions = List.copyOf(jvmOptions);
            arguments = List.copyOf(arguments);
        }

        List<String> commandLine() {
            List<String> line = new ArrayList<>();
            line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            line.add("-Dai.djl.offline=true");
            line.add("-Djava.awt.headless=true");
            line.addAll(jvmOptions);
            line.add("-cp");
            line.add(classpath);
            line.add(mainClass);
            line.addAll(arguments);
            return line;
        }
    }

    private final Command command;
    private final Path log;
    private final Process process;

    private ChildJvm(Command command, Path log, Process process) {
        this.command = command;
        this.log = log;
        this.process = process;
    }

    /** Starts the command, its output appended to {@code <logDirectory>/<name>.log}. */
    public static ChildJvm start(Command command, Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(command.name() + ".log");
        Files.writeString(log, "# " + String.join(" ", command.commandLine()).replace(command.classpath(), "<classpath>") + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command.commandLine())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        LOG.info("started {} (pid {}), log {}", command.name(), process.pid(), log);
        return new ChildJvm(command, log, process);
    }

    public String name() {
        return command.name();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code, or empty on timeout. */
    public java.util.OptionalInt waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit) ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("{} did not stop within {} s; killing it", command.name(), STOP_SECONDS);
            process.destroyForcibly();
            process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        }
        LOG.info("stopped {}", command.name());
    }
}
