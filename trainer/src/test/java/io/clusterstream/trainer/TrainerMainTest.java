package io.clusterstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.fixtures.CliRun;
import io.clusterstream.core.snapshot.FileSnapshotStore;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerMainTest {

    @TempDir
    Path store;

    private static CliRun run(String... args) {
        return CliRun.of(new TrainerMain(), args);
    }

    @Test
    void helpOnEveryCommandExitsZero() {
        assertTrue(run("--help").out().contains("Usage: trainer"));
        for (String command : new String[] {"train", "eval"}) {
            CliRun run = run(command, "--help");
            assertEquals(0, run.exitCode(), command);
            assertTrue(run.out().contains("Usage: trainer " + command), run.out());
        }
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitNonZero() {
        CliRun noCommand = run();
        assertNotEquals(0, noCommand.exitCode());
        assertTrue(noCommand.err().contains("Missing command"), noCommand.err());

        CliRun badData = run("train", "--store", store.toString(), "--data", "imagenet");
        assertNotEquals(0, badData.exitCode());
        assertTrue(badData.err().contains("unknown data set 'imagenet'"), badData.err());

        CliRun badAlgorithm = run("train", "--store", store.toString(), "--algorithm", "DEC");
        assertNotEquals(0, badAlgorithm.exitCode());
        assertTrue(badAlgorithm.err().contains("RAW_KMEANS"), badAlgorithm.err());

        CliRun twoBudgets = run("train", "--store", store.toString(), "--limit", "100", "--algorithm", "SIMCLR_KMEANS",
                "--budget-minutes", "1", "--budget-cpu-minutes", "1");
        assertNotEquals(0, twoBudgets.exitCode());
        assertTrue(twoBudgets.err().contains("--budget-minutes or --budget-cpu-minutes, not both"), twoBudgets.err());

        CliRun negativeGate = run("train", "--store", store.toString(), "--limit", "100", "--min-clusters", "-1");
        assertNotEquals(0, negativeGate.exitCode());
        assertTrue(negativeGate.err().contains("--min-clusters must not be negative"), negativeGate.err());

        CliRun negativeKl = run("train", "--store", store.toString(), "--limit", "100", "--algorithm", "TCC",
                "--tcc-kl-weight", "-1");
        assertEquals(2, negativeKl.exitCode());
        assertTrue(negativeKl.err().contains("(--tcc-kl-weight) must be a finite number >= 0, got -1.0"), negativeKl.err());

        CliRun zeroTemperature = run("train", "--store", store.toString(), "--limit", "100", "--algorithm", "TCC",
                "--tcc-cluster-temperature", "0");
        assertEquals(2, zeroTemperature.exitCode());
        assertTrue(zeroTemperature.err().contains("(--tcc-cluster-temperature) must be a finite number > 0"), zeroTemperature.err());

        CliRun noSnapshot = run("eval", "--store", store.toString(), "--model-id", "absent");
        assertNotEquals(0, noSnapshot.exitCode());
        assertTrue(noSnapshot.err().contains("no snapshot of model 'absent'"), noSnapshot.err());
    }

    /** Real CIFAR-10 (fetched by the build): train on 1,000 training images, evaluate on 1,000 test images. */
    @Test
    void trainsPublishesEvaluatesAndRefitsWithStableKeysOnRealCifar10() throws Exception {
        CliRun train = run("train", "--data", "cifar10", "--split", "TRAIN", "--limit", "1000", "--restarts", "2",
                "--store", store.toString(), "--model-id", "cifar-raw");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("published cifar-raw v1"), train.out());

        Path json = store.resolve("eval.json");
        CliRun eval = run("eval", "--data", "cifar10", "--split", "TEST", "--limit", "1000", "--store", store.toString(),
                "--model-id", "cifar-raw", "--json", json.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        Matcher acc = Pattern.compile("\"acc\":([0-9.]+)").matcher(Files.readString(json));
        assertTrue(acc.find(), Files.readString(json));
        // Raw-pixel k-means is the floor: clearly above chance (0.1), about 0.2 on CIFAR-10.
        assertTrue(Double.parseDouble(acc.group(1)) > 0.15, Files.readString(json));
        // where each class went: CIFAR-10's ten classes, each with its row of the confusion matrix
        assertTrue(eval.out().contains("class  images  matched cluster  share in it  most of the rest"), eval.out());
        Matcher classRows = Pattern.compile("\\{\"label\":(\\d),\"images\":\\d+,\"matched_cluster\":\\d,").matcher(Files.readString(json));
        int rows = 0;
        while (classRows.find()) {
            assertEquals(rows++, Integer.parseInt(classRows.group(1)));
        }
        assertEquals(10, rows, Files.readString(json));

        // A refit on the same images with another seed finds much the same clusters, in another order: the keys
        // follow the clusters, not their indices.
        CliRun second = run("train", "--data", "cifar10", "--split", "TRAIN", "--limit", "1000", "--restarts", "1",
                "--seed", "5", "--store", store.toString(), "--model-id", "cifar-raw");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("published cifar-raw v2"), second.out());
        FileSnapshotStore snapshots = new FileSnapshotStore(store);
        SnapshotManifest v1 = snapshots.load("cifar-raw", 1).manifest();
        SnapshotManifest v2 = snapshots.load("cifar-raw", 2).manifest();
        assertTrue(v1.getTraining().getData().startsWith("cifar10:") && v1.getTraining().getData().endsWith("TRAIN, 1000 images"),
                "the report names the data: " + v1.getTraining().getData());
        assertEquals(1, v2.getParentVersion());
        assertEquals(1, v2.getAlignment().getParentVersion());
        assertEquals(1000, v2.getAlignment().getSampleSize());
        Set<String> v1Keys = v1.getClustersList().stream().map(ClusterInfo::getKey).collect(Collectors.toSet());
        long kept = v2.getClustersList().stream().filter(c -> v1Keys.contains(c.getKey())).count();
        assertTrue(kept >= 5, kept + " of 10 keys carried over; alignment " + v2.getAlignment());
        assertEquals(kept, v2.getAlignment().getMatchesList().stream().filter(m -> m.getParentClusterId() >= 0).count());
    }

    @Test
    void theQualityGateRefusesADegenerateModelAndPublishesNothing() throws Exception {
        CliRun refused = run("train", "--data", "cifar10", "--split", "TEST", "--limit", "200", "--restarts", "1",
                "--max-cluster-share", "0.01", "--store", store.toString(), "--model-id", "gated");
        assertEquals(3, refused.exitCode(), refused.out());
        assertTrue(refused.err().contains("quality gate refused"), refused.err());
        assertTrue(!Files.exists(store.resolve("gated")) || new FileSnapshotStore(store).versions("gated").isEmpty());
    }
}
