package io.clusterstream.trainer;

import io.clusterstream.trainer.cli.EvalCommand;
import io.clusterstream.trainer.cli.ServeCommand;
import io.clusterstream.trainer.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the trainer CLI. */
@Command(
        name = "trainer",
        mixinStandardHelpOptions = true,
        versionProvider = TrainerMain.Version.class,
        subcommands = {TrainCommand.class, EvalCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        description = "Fits clustering models on images, publishes versioned snapshots and evaluates them.")
public final class TrainerMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainerMain()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: use 'trainer train', 'trainer eval' or 'trainer serve'");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TrainerMain.class.getPackage().getImplementationVersion();
            return new String[] {"clusterstream trainer " + (version == null ? "(development build)" : version)};
        }
    }
}
