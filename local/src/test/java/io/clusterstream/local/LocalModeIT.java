package io.clusterstream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.data.DataSets;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.RefitRequest;
import io.clusterstream.schemas.v1.RefitTrigger;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local mode end to end, scaled down: real broker, real trainer, stream job and control app JVMs, real CIFAR-10.
 * The replay's class mix shifts; the test follows the loop through drift alert, refit request, new snapshot, hot swap
 * and assignments of the new version whose cluster keys carry over.
 */
class LocalModeIT {

    /** Upper bound against a hang, not a speed requirement. */
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @TempDir
    Path dataFolder;

    @Test
    void aShiftedStreamLeadsToARefitWhoseVersionIsHotSwappedWithItsKeysAligned() throws Exception {
        LocalConfig config = new LocalConfig(dataFolder, DataSets.cifar10Dir(), "local-it", LocalDefaults.FIT_ARGUMENTS, 1000,
                new LocalConfig.Ports(ModuleJvms.freePort(), ModuleJvms.freePort(), ModuleJvms.freePort(), ModuleJvms.freePort(), ModuleJvms.freePort()),
                new ReplaySchedule(60, Duration.ofSeconds(30), Set.of(0, 1)),
                new LocalConfig.Drift(Duration.ofSeconds(5), 50, 2, Duration.ofMinutes(10)),
                new LocalConfig.Refit(Duration.ZERO, 400),
                new LocalConfig.Classpaths(ModuleJvms.classpath("trainer"), ModuleJvms.classpath("stream-app")),
                1, Duration.ofSeconds(5));
        try (LocalCluster cluster = LocalCluster.start(config, System.out)) {
            ServiceTimeline timeline = cluster.timeline();
            awaitOrFail(() -> timeline.assignments(2) >= 50, cluster, "assignments of a refitted v2");

            // 1. the initial snapshot served the stream before the refit
            assertTrue(timeline.announced().containsKey(1L), "v1 announced");
            assertTrue(timeline.assignments(1) > 0, "v1 assignments");
            assertTrue(cluster.replay().shifted(), "the class mix shifted");

            // 2. drift alerts on v1 led to a refit request
            assertTrue(timeline.alerts() > 0, "drift alerts");
            List<RefitRequest> requests = timeline.refitRequests();
            assertEquals(1, requests.size(), "one request, then the cooldown: " + requests);
            RefitRequest request = requests.get(0);
            assertEquals(RefitTrigger.REFIT_TRIGGER_DRIFT, request.getTrigger());
            assertEquals(1, request.getCurrentVersion());
            assertTrue(request.getEvidenceList().stream().allMatch(DriftReport::getAlert), "the evidence is alerting windows");

            // 3. the trainer published v2, aligned to v1, and announced it
            FileSnapshotStore store = new FileSnapshotStore(config.store());
            assertEquals(List.of(1L, 2L), store.versions("local-it"));
            SnapshotManifest v1 = store.load("local-it", 1).manifest();
            SnapshotManifest v2 = timeline.announced().get(2L);
            assertEquals(v2, store.load("local-it", 2).manifest(), "the announcement is the published manifest");
            assertEquals(1, v2.getParentVersion());

            // 4. the job hot-swapped v2: its assignments carry v2's keys, many of them v1's keys carried over
            Set<String> v2Keys = keys(v2);
            Set<String> servedKeys = timeline.keys(2);
            assertTrue(v2Keys.containsAll(servedKeys), "v2 assignments use v2's keys: " + servedKeys + " vs " + v2Keys);
            Set<String> carried = new HashSet<>(servedKeys);
            carried.retainAll(keys(v1));
            assertFalse(carried.isEmpty(), "clusters keep their keys across the refit: " + servedKeys + " vs v1 " + keys(v1));

            // 5. in that order, and nothing crashed
            long requested = timeline.firstRequestMs().orElseThrow();
            long announced = timeline.announcedMs(2).orElseThrow();
            long served = timeline.firstAssignmentMs(2).orElseThrow();
            assertTrue(requested <= announced && announced <= served, requested + " <= " + announced + " <= " + served);
            assertEquals(List.of(), cluster.exitedComponents());
        }
    }

    private static void awaitOrFail(BooleanSupplier condition, LocalCluster cluster, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + PATIENCE + "; " + cluster.timeline().summaryLine());
            }
            if (!cluster.exitedComponents().isEmpty()) {
                throw new AssertionError(cluster.exitedComponents() + " exited; see their logs");
            }
            Thread.sleep(500);
        }
    }

    private static Set<String> keys(SnapshotManifest manifest) {
        return manifest.getClustersList().stream().map(ClusterInfo::getKey).collect(Collectors.toSet());
    }
}
