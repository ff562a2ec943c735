package io.clusterstream.local;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The replay's rate and scheduled class-mix shift, shared by {@code clusterstream-local} and {@code clusterstream-replay}. */
final class ReplayOptions {

    @Option(names = "--rate", defaultValue = "50", description = "Replayed images per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--shift-after", defaultValue = "PT2M", description = "When the replay's class mix shifts (default: ${DEFAULT-VALUE}).")
    Duration shiftAfter;

    @Option(names = "--shift-classes", split = ",", defaultValue = "0,1", description = "CIFAR-10 class ids replayed after the shift (default: ${DEFAULT-VALUE}: airplane, automobile).")
    List<Integer> shiftClasses;

    /** @throws CommandLine.ParameterException naming the option that is wrong */
    ReplaySchedule schedule(CommandLine commandLine) {
        if (shiftClasses.stream().anyMatch(c -> c < 0 || c > 9)) {
            throw new CommandLine.ParameterException(commandLine, "--shift-classes must be CIFAR-10 class ids 0..9, got " + shiftClasses);
        }
        try {
            return new ReplaySchedule(rate, shiftAfter, Set.copyOf(shiftClasses));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
