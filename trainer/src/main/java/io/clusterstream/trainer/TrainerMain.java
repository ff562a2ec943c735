package io.clusterstream.trainer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the trainer CLI. Its commands (train, eval, serve) arrive with the trainer issue. */
@Command(
        name = "trainer",
        mixinStandardHelpOptions = true,
        versionProvider = TrainerMain.Version.class,
        description = "Fits contrastive clustering models on images and publishes versioned snapshots.")
public final class TrainerMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainerMain()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: no trainer command is available yet");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TrainerMain.class.getPackage().getImplementationVersion();
            return new String[] {"clusterstream trainer " + (version == null ? "(development build)" : version)};
        }
    }
}
