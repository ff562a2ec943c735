package io.clusterstream.local;

import io.clusterstream.core.data.Cifar10PngReader;
import io.clusterstream.core.data.DataSets;
import io.clusterstream.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clusterstream-replay}: the local mode's image source on its own, for the compose stack and for trying a
 * deployed service: replays CIFAR-10 test images to the images topic, shifting the class mix on schedule.
 */
@Command(name = "clusterstream-replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays CIFAR-10 test images as ImageEvents (true label attached) to the images topic at a fixed",
                "rate; after --shift-after only --shift-classes are sent, a change of class mix drift detection should see.",
                "Runs until stopped (SIGINT/SIGTERM)."})
public final class ReplayMain implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port].")
    String bootstrapServers;

    @Option(names = "--cifar10", description = "CIFAR-10 folder as scripts/fetch-data.sh fills it (default: <data dir>/cifar10).")
    Path cifar10;

    @Option(names = "--topic", defaultValue = Topics.IMAGES, description = "(default: ${DEFAULT-VALUE})")
    String topic;

    @CommandLine.Mixin
    ReplayOptions replayOptions = new ReplayOptions();

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ReplaySchedule schedule = replayOptions.schedule(spec.commandLine());
        Path folder = cifar10 != null ? cifar10 : DataSets.cifar10Dir();
        if (!Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "CIFAR-10 is not in " + folder
                    + "; run scripts/fetch-data.sh or pass --cifar10 <folder>");
        }
        ReplayProducer replay = new ReplayProducer(new Cifar10PngReader(folder).readTest(), schedule, bootstrapServers, topic);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                replay.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "replay-shutdown"));
        replay.start();
        spec.commandLine().getOut().printf("replaying %s CIFAR-10 test images/s to %s; the class mix shifts to classes %s after %s%n",
                schedule.imagesPerSecond(), topic, schedule.shiftedClasses(), schedule.shiftAfter());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
