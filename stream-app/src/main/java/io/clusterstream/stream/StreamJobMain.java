package io.clusterstream.stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the Flink clustering job. The job topology arrives with the stream issue. */
@Command(
        name = "stream-job",
        mixinStandardHelpOptions = true,
        description = "Clusters Kafka image events online with the latest published snapshot.")
public final class StreamJobMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamJobMain()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "The stream job is not available yet");
    }
}
