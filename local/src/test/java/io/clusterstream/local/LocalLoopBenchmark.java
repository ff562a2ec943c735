package io.clusterstream.local;

import io.clusterstream.core.data.DataSets;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The closed loop's latencies in the local mode (real broker, trainer, stream job and control app JVMs, CIFAR-10):
 * from the replay's class shift to the refit request, from the alert that completed the trigger to the new version's
 * announcement, and on to the first committed assignment of that version. Prints one table on standard output.
 *
 * <p>Settings (system properties): bench.rate (60), bench.window.seconds (5), bench.windows (2), bench.refit.images
 * (2000), bench.shift.seconds (30), and the class paths bench.trainer.classpath and bench.stream.classpath.
 */
public final class LocalLoopBenchmark {

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(System.getProperty("bench.rate", "60"));
        Duration window = Duration.ofSeconds(Long.getLong("bench.window.seconds", 5));
        int windows = Integer.getInteger("bench.windows", 2);
        long refitImages = Long.getLong("bench.refit.images", 2000);
        Duration shift = Duration.ofSeconds(Long.getLong("bench.shift.seconds", 30));
        Path folder = Files.createTempDirectory("local-loop-bench");
        LocalConfig config = new LocalConfig(folder, DataSets.cifar10Dir(), "loop-bench", LocalDefaults.FIT_ARGUMENTS, 5000,
                new LocalConfig.Ports(freePort(), freePort(), freePort(), freePort(), freePort()),
                new ReplaySchedule(rate, shift, Set.of(0, 1)),
                new LocalConfig.Drift(window, 50, windows, Duration.ofHours(1)),
                new LocalConfig.Refit(Duration.ZERO, refitImages),
                new LocalConfig.Classpaths(System.getProperty("bench.trainer.classpath"), System.getProperty("bench.stream.classpath")),
                1, Duration.ofSeconds(10));
        String loadBefore = loadAverage();
        try (LocalCluster cluster = LocalCluster.start(config, System.err)) {
            ServiceTimeline timeline = cluster.timeline();
            long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            while (timeline.assignments(2) == 0) {
                if (System.nanoTime() > deadline || !cluster.exitedComponents().isEmpty()) {
                    throw new IllegalStateException("no v2 assignment: " + timeline.summaryLine() + " exited " + cluster.exitedComponents());
                }
                Thread.sleep(50);
            }
            long shifted = cluster.replay().shiftedAtMs();
            long firstAlert = timeline.firstAlertAtOrAfter(shifted).orElseThrow();
            long requested = timeline.firstRequestMs().orElseThrow();
            long announced = timeline.announcedMs(2).orElseThrow();
            long serving = timeline.firstAssignmentMs(2).orElseThrow();
            System.out.printf(Locale.ROOT, "date %s; %d cores; load average before %s, after %s%n", Instant.now(),
                    Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
            System.out.printf(Locale.ROOT, "replay %.0f images/s, drift window %s, %d alerting windows trigger, refit on the newest %d images (RAW_KMEANS)%n",
                    rate, window, windows, refitImages);
            System.out.println("| step | seconds |");
            System.out.println("|------|--------:|");
            row("class shift -> first drift alert after it", shifted, firstAlert);
            row("first alert after the shift -> refit request", firstAlert, requested);
            row("refit request -> v2 announced (sample, fit, align, gate, publish)", requested, announced);
            row("v2 announced -> first committed v2 assignment (load, swap, checkpoint)", announced, serving);
            row("first alert after the shift -> v2 serving", firstAlert, serving);
            row("refit request -> v2 serving", requested, serving);
        }
    }

    private static void row(String step, long fromMs, long toMs) {
        System.out.printf(Locale.ROOT, "| %s | %.1f |%n", step, (toMs - fromMs) / 1000.0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            return List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3).toString();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private LocalLoopBenchmark() {}
}
