package io.clusterstream.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the local mode runs with. The data folder holds all state: {@code snapshots/} (the snapshot store, kept
 * between runs), {@code logs/} (one log per component, appended), {@code kafka/} and {@code control/} (the broker's log
 * and the control app's state, both for one run only).
 */
public record LocalConfig(
        Path dataFolder,
        Path cifar10,
        String modelId,
        List<String> fitArguments,
        int initialImages,
        Ports ports,
        ReplaySchedule replay,
        Drift drift,
        Refit refit,
        Classpaths classpaths,
        int jobParallelism,
        Duration summaryPeriod) {

    /** Where things listen on localhost (the broker picks a free port of its own). */
    public record Ports(int flinkWebUi, int jobMetrics, int trainerMetrics, int catalog, int controlMetrics) {}

    /** How the stream job and the control app judge drift. */
    public record Drift(Duration window, long minCount, int windowsOverThreshold, Duration cooldown) {}

    /** When the trainer refits and on how many images. */
    public record Refit(Duration interval, long sampleLastN) {}

    /** The class paths of the trainer's and the stream app's JVMs. */
    public record Classpaths(String trainer, String streamApp) {}

    public LocalConfig {
        Objects.requireNonNull(dataFolder, "dataFolder");
        Objects.requireNonNull(cifar10, "cifar10");
        Objects.requireNonNull(modelId, "modelId");
        fitArguments = List.copyOf(fitArguments);
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(refit, "refit");
        Objects.requireNonNull(classpaths, "classpaths");
        Objects.requireNonNull(summaryPeriod, "summaryPeriod");
    }

    public Path store() {
        return dataFolder.resolve("snapshots");
    }

    public Path logs() {
        return dataFolder.resolve("logs");
    }

    Path kafkaLog() {
        return dataFolder.resolve("kafka");
    }

    Path controlState() {
        return dataFolder.resolve("control");
    }
}
