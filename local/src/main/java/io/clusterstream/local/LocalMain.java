package io.clusterstream.local;

import io.clusterstream.core.data.DataSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clusterstream-local}: the whole service on this machine, on embedded defaults, until Ctrl-C. */
@Command(name = "clusterstream-local", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs clusterstream locally: an in-process Kafka broker, the trainer (initial snapshot and refit service),",
                "the Flink job on a local MiniCluster, the Kafka Streams control app, and a replay of CIFAR-10 test images",
                "whose class mix shifts on schedule. Prints a live summary; Ctrl-C stops everything."})
public final class LocalMain implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-folder", defaultValue = "clusterstream-local", description = "Folder holding all state: snapshots, logs, broker and app state (default: ${DEFAULT-VALUE}).")
    Path dataFolder;

    @Option(names = "--cifar10", description = "CIFAR-10 folder as scripts/fetch-data.sh fills it (default: <data dir>/cifar10).")
    Path cifar10;

    @Option(names = "--model-id", defaultValue = LocalDefaults.MODEL_ID, description = "(default: ${DEFAULT-VALUE})")
    String modelId;

    @Option(names = "--fit", paramLabel = "TRAINER_OPTIONS", description = "The trainer's algorithm and hyper-parameters "
            + "for the initial snapshot and every refit, as one string of `trainer train` options, e.g. "
            + "\"--algorithm SIMCLR_KMEANS --budget-minutes 3\" (default: \"${DEFAULT-VALUE}\").")
    String fit = String.join(" ", LocalDefaults.FIT_ARGUMENTS);

    @Option(names = "--initial-images", defaultValue = "20000", description = "CIFAR-10 training images for the initial snapshot (default: ${DEFAULT-VALUE}).")
    int initialImages;

    @CommandLine.Mixin
    ReplayOptions replayOptions = new ReplayOptions();

    @Option(names = "--drift-window", defaultValue = "PT10S", description = "(default: ${DEFAULT-VALUE})")
    Duration driftWindow;

    @Option(names = "--drift-min-count", defaultValue = "100", description = "(default: ${DEFAULT-VALUE})")
    long driftMinCount;

    @Option(names = "--windows-over-threshold", defaultValue = "3", description = "Alerting windows in a row that request a refit (default: ${DEFAULT-VALUE}).")
    int windowsOverThreshold;

    @Option(names = "--cooldown", defaultValue = "PT5M", description = "No second refit request for a model within this event time (default: ${DEFAULT-VALUE}).")
    Duration cooldown;

    @Option(names = "--refit-interval", defaultValue = "PT30M", description = "Scheduled refits; PT0S for none (default: ${DEFAULT-VALUE}).")
    Duration refitInterval;

    @Option(names = "--refit-images", defaultValue = "2000", description = "A refit trains on the newest N images (default: ${DEFAULT-VALUE}).")
    long refitImages;

    @Option(names = "--flink-ui-port", defaultValue = "8081", description = "(default: ${DEFAULT-VALUE})")
    int flinkUiPort;

    @Option(names = "--job-metrics-port", defaultValue = "9249", description = "(default: ${DEFAULT-VALUE})")
    int jobMetricsPort;

    @Option(names = "--trainer-metrics-port", defaultValue = "9250", description = "(default: ${DEFAULT-VALUE})")
    int trainerMetricsPort;

    @Option(names = "--control-metrics-port", defaultValue = "9251", description = "(default: ${DEFAULT-VALUE})")
    int controlMetricsPort;

    @Option(names = "--catalog-port", defaultValue = "8089", description = "(default: ${DEFAULT-VALUE})")
    int catalogPort;

    @Option(names = "--job-parallelism", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
    int jobParallelism;

    @Option(names = "--summary-every", defaultValue = "PT5S", description = "(default: ${DEFAULT-VALUE})")
    Duration summaryPeriod;

    @Option(names = "--duration", description = "Stop by itself after this long (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--trainer-classpath", required = true, description = "Class path of the trainer (scripts/clusterstream-local.sh sets it).")
    String trainerClasspath;

    @Option(names = "--stream-app-classpath", required = true, description = "Class path of the stream app (scripts/clusterstream-local.sh sets it).")
    String streamAppClasspath;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        LocalConfig config = config();
        CountDownLatch stopped = new CountDownLatch(1);
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(config, System.out);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("clusterstream-local could not start: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(() -> {
            System.out.println("stopping ...");
            cluster.close();
            stopped.countDown();
        }, "local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean stoppedByHook = duration == null ? awaitForever(stopped) : stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        if (!stoppedByHook) {
            Runtime.getRuntime().removeShutdownHook(hook);
            cluster.close();
        }
        return 0;
    }

    private static boolean awaitForever(CountDownLatch latch) throws InterruptedException {
        latch.await();
        return true;
    }

    LocalConfig config() {
        Path cifar = cifar10 != null ? cifar10 : DataSets.cifar10Dir();
        if (!Files.isDirectory(cifar)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "CIFAR-10 is not in " + cifar
                    + "; run scripts/fetch-data.sh or pass --cifar10 <folder>");
        }
        if (initialImages < 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--initial-images must be at least 100");
        }
        try {
            return new LocalConfig(dataFolder.toAbsolutePath(), cifar.toAbsolutePath(), modelId, List.of(fit.trim().split("\\s+")),
                    initialImages,
                    new LocalConfig.Ports(flinkUiPort, jobMetricsPort, trainerMetricsPort, catalogPort, controlMetricsPort),
                    replayOptions.schedule(spec.commandLine()),
                    new LocalConfig.Drift(driftWindow, driftMinCount, windowsOverThreshold, cooldown),
                    new LocalConfig.Refit(refitInterval, refitImages),
                    new LocalConfig.Classpaths(trainerClasspath, streamAppClasspath),
                    jobParallelism, summaryPeriod);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
