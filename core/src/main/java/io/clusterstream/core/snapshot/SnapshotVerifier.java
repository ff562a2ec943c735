package io.clusterstream.core.snapshot;

import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Artifact;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.DenseLayer;
import io.clusterstream.schemas.v1.MicePosteriorHead;
import io.clusterstream.schemas.v1.MlpHead;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.schemas.v1.PrototypeHead;
import io.clusterstream.schemas.v1.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a manifest for internal consistency and against the artifact files it names, collecting every problem
 * rather than stopping at the first.
 *
 * <p>Checked: format version; model id, version and parent version; algorithm; K and D; preprocessing; encoder
 * artifact and signature; the optional training weights; head dimensions (prototype, MLP or MiCE posterior, including
 * the queue file's size and contents); that every float is finite; reference proportions; and cluster entries.
 * Artifacts must exist, and their size and SHA-256 must match the manifest; files are streamed, never loaded whole.
 */
public final class SnapshotVerifier {

    /** How far the reference proportions may sum from 1. */
    public static final double PROPORTION_SUM_TOLERANCE = 1e-6;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private SnapshotVerifier() {
    }

    /**
     * Every problem with {@code manifest} and the artifacts it names, or an empty list if it can be served.
     *
     * @param manifestDirectory the directory holding the manifest; relative artifact URIs resolve against it
     */
    public static List<SnapshotProblem> problems(SnapshotManifest manifest, Path manifestDirectory) {
        return new Check(manifest, manifestDirectory, true).run().problems;
    }

    /**
     * Verifies {@code manifest} and its artifacts and returns the snapshot with its artifact files resolved.
     *
     * @param manifestDirectory the directory holding the manifest; relative artifact URIs resolve against it
     * @throws SnapshotRejectedException listing every problem found
     */
    public static Snapshot verify(SnapshotManifest manifest, Path manifestDirectory) {
        return verify(manifest, manifestDirectory, List.of());
    }

    /** As {@link #verify(SnapshotManifest, Path)}, also rejecting for problems the caller already found. */
    static Snapshot verify(SnapshotManifest manifest, Path manifestDirectory, List<SnapshotProblem> knownProblems) {
        Check check = new Check(manifest, manifestDirectory, true).run();
        if (!knownProblems.isEmpty() || !check.problems.isEmpty()) {
            List<SnapshotProblem> all = new ArrayList<>(knownProblems);
            all.addAll(check.problems);
            throw new SnapshotRejectedException(describe(manifest), all);
        }
        return new Snapshot(manifest, manifestDirectory.toAbsolutePath().normalize(),
                check.encoder, check.trainingWeights, check.queue);
    }

    /**
     * The problems that can be found without the artifact files and without checksums, as for a draft whose
     * artifacts are not yet written.
     */
    static List<SnapshotProblem> contentProblems(SnapshotManifest manifest, Path manifestDirectory) {
        return new Check(manifest, manifestDirectory, false).run().problems;
    }

    static String describe(SnapshotManifest manifest) {
        String modelId = manifest.getModel().getModelId();
        return "snapshot " + (modelId.isEmpty() ? "<no model id>" : modelId) + " v" + manifest.getModel().getVersion();
    }

    /** One verification run; accumulates problems and the resolved artifact paths. */
    private static final class Check {

        private final SnapshotManifest manifest;
        private final Path directory;
        private final boolean readArtifacts;
        private final List<SnapshotProblem> problems = new ArrayList<>();
        private Path encoder;
        private Path trainingWeights;
        private Path queue;

        Check(SnapshotManifest manifest, Path directory, boolean readArtifacts) {
            this.manifest = manifest;
            this.directory = directory;
            this.readArtifacts = readArtifacts;
        }

        Check run() {
            if (manifest.getFormatVersion() != ManifestCodec.FORMAT_VERSION) {
                add(RejectionReason.UNSUPPORTED_FORMAT, "format_version",
                        ManifestCodec.unsupportedFormatDetail(manifest.getFormatVersion()));
            }
            checkIdentity();
            long k = positive("num_clusters", manifest.getNumClusters());
            long d = positive("embedding_dim", manifest.getEmbeddingDim());
            checkPreprocessing();
            checkEncoder();
            if (manifest.hasTrainingWeights()) {
                trainingWeights = artifact("training_weights", manifest.getTrainingWeights(), false, -1).orElse(null);
            }
            checkHead(k, d);
            checkReferenceProportions(k);
            checkClusters(k);
            if (manifest.hasNovelty()) {
                finite("novelty.threshold", manifest.getNovelty().getThreshold());
                float quantile = manifest.getNovelty().getQuantile();
                if (finite("novelty.quantile", quantile) && (quantile < 0 || quantile > 1)) {
                    add(RejectionReason.INVALID_VALUE, "novelty.quantile", "must be in [0, 1], got " + quantile);
                }
            }
            return this;
        }

        private void checkIdentity() {
            if (manifest.getModel().getModelId().isEmpty()) {
                add(RejectionReason.MISSING_FIELD, "model.model_id", "model id is empty");
            }
            long version = manifest.getModel().getVersion();
            if (version == 0) {
                add(RejectionReason.MISSING_FIELD, "model.version", "version is missing; versions start at 1");
            } else if (version < 0) {
                add(RejectionReason.INVALID_VALUE, "model.version", "version must be at least 1, got " + version);
            }
            long parent = manifest.getParentVersion();
            if (parent < 0 || (version >= 1 && parent >= version)) {
                add(RejectionReason.INVALID_VALUE, "parent_version",
                        "must be 0 or an earlier version than " + version + ", got " + parent);
            }
            if (manifest.getAlgorithm() == Algorithm.ALGORITHM_UNSPECIFIED) {
                add(RejectionReason.MISSING_FIELD, "algorithm", "algorithm is not set");
            } else if (manifest.getAlgorithm() == Algorithm.UNRECOGNIZED) {
                add(RejectionReason.INVALID_VALUE, "algorithm",
                        "unknown algorithm number " + manifest.getAlgorithmValue());
            }
        }

        private void checkPreprocessing() {
            if (!manifest.hasPreprocessing()) {
                add(RejectionReason.MISSING_FIELD, "preprocessing", "preprocessing is missing");
                return;
            }
            Preprocessing p = manifest.getPreprocessing();
            positive("preprocessing.height", p.getHeight());
            positive("preprocessing.width", p.getWidth());
            int channels = p.getChannels();
            if (channels == 0) {
                add(RejectionReason.MISSING_FIELD, "preprocessing.channels", "channels is missing");
            } else if (channels != 1 && channels != 3) {
                add(RejectionReason.INVALID_VALUE, "preprocessing.channels",
                        "must be 1 or 3, got " + Integer.toUnsignedString(channels));
            } else {
                length("preprocessing.mean", p.getMeanCount(), channels, "channels");
                length("preprocessing.std", p.getStdCount(), channels, "channels");
            }
            finite("preprocessing.mean", p.getMeanList());
            for (int c = 0; c < p.getStdCount(); c++) {
                float std = p.getStd(c);
                if (Float.isFinite(std) && std <= 0) {
                    add(RejectionReason.INVALID_VALUE, "preprocessing.std[" + c + "]", "must be > 0, got " + std);
                }
            }
            finite("preprocessing.std", p.getStdList());
        }

        private void checkEncoder() {
            if (!manifest.hasEncoder()) {
                add(RejectionReason.MISSING_FIELD, "encoder", "encoder artifact is missing");
            } else {
                encoder = artifact("encoder", manifest.getEncoder(), false, -1).orElse(null);
            }
            if (manifest.getEncoderSignature().getInputName().isEmpty()) {
                add(RejectionReason.MISSING_FIELD, "encoder_signature.input_name", "encoder input name is empty");
            }
            if (manifest.getEncoderSignature().getOutputName().isEmpty()) {
                add(RejectionReason.MISSING_FIELD, "encoder_signature.output_name", "encoder output name is empty");
            }
        }

        private void checkHead(long k, long d) {
            switch (manifest.getHead().getKindCase()) {
                case PROTOTYPE -> checkPrototypeHead(manifest.getHead().getPrototype(), k, d);
                case MLP -> checkMlpHead(manifest.getHead().getMlp(), k, d);
                case MICE_POSTERIOR -> checkMiceHead(manifest.getHead().getMicePosterior(), k, d);
                case KIND_NOT_SET -> add(RejectionReason.MISSING_FIELD, "head", "clustering head is missing");
            }
        }

        private void checkPrototypeHead(PrototypeHead head, long k, long d) {
            String field = "head.prototype";
            if (k > 0 && d > 0) {
                length(field + ".prototypes", head.getPrototypesCount(), k * d, "num_clusters x embedding_dim");
            }
            finite(field + ".prototypes", head.getPrototypesList());
            positiveFinite(field + ".temperature", head.getTemperature());
            if (head.getSimilarityValue() != 0 && head.getSimilarityValue() != 1) {
                add(RejectionReason.INVALID_VALUE, field + ".similarity",
                        "unknown similarity number " + head.getSimilarityValue());
            }
        }

        private void checkMlpHead(MlpHead head, long k, long d) {
            if (head.getLayersCount() == 0) {
                add(RejectionReason.MISSING_FIELD, "head.mlp.layers", "MLP head has no layers");
                return;
            }
            long previousOut = d;
            String previousField = "embedding_dim";
            for (int i = 0; i < head.getLayersCount(); i++) {
                DenseLayer layer = head.getLayers(i);
                String field = "head.mlp.layers[" + i + "]";
                long in = positive(field + ".in_dim", layer.getInDim());
                long out = positive(field + ".out_dim", layer.getOutDim());
                if (in > 0 && previousOut > 0 && in != previousOut) {
                    add(RejectionReason.DIMENSION_MISMATCH, field + ".in_dim",
                            "is " + in + " but " + previousField + " is " + previousOut);
                }
                if (in > 0 && out > 0) {
                    length(field + ".weight", layer.getWeightCount(), in * out, "out_dim x in_dim");
                }
                if (out > 0) {
                    length(field + ".bias", layer.getBiasCount(), out, "out_dim");
                }
                finite(field + ".weight", layer.getWeightList());
                finite(field + ".bias", layer.getBiasList());
                if (layer.getActivationValue() != 0 && layer.getActivationValue() != 1) {
                    add(RejectionReason.INVALID_VALUE, field + ".activation",
                            "unknown activation number " + layer.getActivationValue());
                }
                previousOut = out;
                previousField = field + ".out_dim";
            }
            if (k > 0 && previousOut > 0 && previousOut != k) {
                add(RejectionReason.DIMENSION_MISMATCH, previousField,
                        "last layer produces " + previousOut + " outputs but num_clusters is " + k);
            }
        }

        private void checkMiceHead(MicePosteriorHead head, long k, long d) {
            String field = "head.mice_posterior";
            long gateDim = positive(field + ".gate_dim", head.getGateDim());
            long expertDim = positive(field + ".expert_dim", head.getExpertDim());
            long queueSize = positive(field + ".queue_size", head.getQueueSize());
            if (k > 0 && d > 0 && gateDim > 0 && expertDim > 0 && d != gateDim + 2 * k * expertDim) {
                add(RejectionReason.DIMENSION_MISMATCH, "embedding_dim", "is " + d + " but the MiCE posterior head "
                        + "reads [g | f_1..f_K | v_1..v_K], gate_dim + 2·K·expert_dim = " + (gateDim + 2 * k * expertDim));
            }
            if (k > 0 && gateDim > 0) {
                length(field + ".gating_prototypes", head.getGatingPrototypesCount(), k * gateDim,
                        "num_clusters x gate_dim");
            }
            if (k > 0 && expertDim > 0) {
                length(field + ".expert_prototypes", head.getExpertPrototypesCount(), k * expertDim,
                        "num_clusters x expert_dim");
            }
            finite(field + ".gating_prototypes", head.getGatingPrototypesList());
            finite(field + ".expert_prototypes", head.getExpertPrototypesList());
            positiveFinite(field + ".kappa", head.getKappa());
            positiveFinite(field + ".tau", head.getTau());
            if (!head.hasQueue()) {
                add(RejectionReason.MISSING_FIELD, field + ".queue", "queue artifact is missing");
                return;
            }
            long expectedBytes = k > 0 && expertDim > 0 && queueSize > 0
                    ? queueSize * k * expertDim * Float.BYTES
                    : -1;
            queue = artifact(field + ".queue", head.getQueue(), true, expectedBytes).orElse(null);
        }

        private void checkReferenceProportions(long k) {
            int count = manifest.getReferenceProportionsCount();
            if (count == 0) {
                return;
            }
            if (k > 0) {
                length("reference_proportions", count, k, "num_clusters");
            }
            double sum = 0;
            boolean allFinite = true;
            for (int i = 0; i < count; i++) {
                double p = manifest.getReferenceProportions(i);
                if (!Double.isFinite(p)) {
                    allFinite = false;
                    add(RejectionReason.NON_FINITE_VALUE, "reference_proportions[" + i + "]", "is " + p);
                } else if (p < 0) {
                    add(RejectionReason.INVALID_VALUE, "reference_proportions[" + i + "]", "is negative: " + p);
                }
                sum += p;
            }
            if (allFinite && Math.abs(sum - 1.0) > PROPORTION_SUM_TOLERANCE) {
                add(RejectionReason.INVALID_VALUE, "reference_proportions", "sum to " + sum + ", not 1");
            }
        }

        private void checkClusters(long k) {
            int count = manifest.getClustersCount();
            if (count == 0) {
                return;
            }
            if (k > 0) {
                length("clusters", count, k, "num_clusters");
            }
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < count; i++) {
                ClusterInfo cluster = manifest.getClusters(i);
                String field = "clusters[" + i + "]";
                if (cluster.getClusterId() != i) {
                    add(RejectionReason.INVALID_VALUE, field + ".cluster_id",
                            "must equal its index " + i + ", got " + Integer.toUnsignedString(cluster.getClusterId()));
                }
                if (cluster.getKey().isEmpty()) {
                    add(RejectionReason.MISSING_FIELD, field + ".key", "cluster key is empty");
                } else if (!keys.add(cluster.getKey())) {
                    add(RejectionReason.INVALID_VALUE, field + ".key",
                            "duplicate cluster key '" + cluster.getKey() + "'");
                }
            }
        }

        /**
         * Resolves an artifact and, when reading artifacts, checks its size and SHA-256 (and, for float payloads,
         * that every value is finite and that the file holds {@code expectedBytes} when that is known).
         */
        private Optional<Path> artifact(String field, Artifact artifact, boolean floatPayload, long expectedBytes) {
            Optional<Path> path = ArtifactLocations.resolve(field + ".uri", artifact.getUri(), directory, problems);
            if (!readArtifacts) {
                return path;
            }
            String sha256 = artifact.getSha256();
            boolean shaUsable = false;
            if (sha256.isEmpty()) {
                add(RejectionReason.MISSING_FIELD, field + ".sha256", "checksum is missing");
            } else if (!SHA256_HEX.matcher(sha256).matches()) {
                add(RejectionReason.INVALID_VALUE, field + ".sha256", "must be 64 lower-case hex digits");
            } else {
                shaUsable = true;
            }
            if (artifact.getSizeBytes() < 0) {
                add(RejectionReason.INVALID_VALUE, field + ".size_bytes", "is negative: " + artifact.getSizeBytes());
            }
            if (path.isEmpty()) {
                return path;
            }
            Path file = path.get();
            if (!Files.isRegularFile(file)) {
                add(RejectionReason.MISSING_ARTIFACT, field, "no file at " + file);
                return path;
            }
            try {
                long actualSize = Files.size(file);
                if (expectedBytes >= 0 && actualSize != expectedBytes) {
                    add(RejectionReason.DIMENSION_MISMATCH, field,
                            "file has " + actualSize + " bytes but the head's dimensions need " + expectedBytes);
                }
                if (actualSize != artifact.getSizeBytes()) {
                    // No need to hash: differing sizes already prove the bytes differ.
                    add(RejectionReason.CHECKSUM_MISMATCH, field + ".size_bytes",
                            "file has " + actualSize + " bytes, manifest says " + artifact.getSizeBytes());
                    return path;
                }
                ArtifactDigest.Facts facts = ArtifactDigest.of(file, floatPayload);
                if (shaUsable && !facts.sha256().equals(sha256)) {
                    add(RejectionReason.CHECKSUM_MISMATCH, field + ".sha256",
                            "file hashes to " + facts.sha256() + ", manifest says " + sha256);
                }
                if (facts.nonFiniteFloats() > 0) {
                    add(RejectionReason.NON_FINITE_VALUE, field,
                            facts.nonFiniteFloats() + " float32 values are NaN or infinite");
                }
            } catch (IOException e) {
                add(RejectionReason.MISSING_ARTIFACT, field, "cannot read " + file + ": " + e);
            }
            return path;
        }

        private long positive(String field, int unsignedValue) {
            if (unsignedValue == 0) {
                add(RejectionReason.MISSING_FIELD, field, "must be at least 1");
            }
            return Integer.toUnsignedLong(unsignedValue);
        }

        private void positiveFinite(String field, float value) {
            if (!finite(field, value)) {
                return;
            }
            if (value == 0f) {
                add(RejectionReason.MISSING_FIELD, field, "must be > 0");
            } else if (value < 0f) {
                add(RejectionReason.INVALID_VALUE, field, "must be > 0, got " + value);
            }
        }

        private boolean finite(String field, float value) {
            if (!Float.isFinite(value)) {
                add(RejectionReason.NON_FINITE_VALUE, field, "is " + value);
                return false;
            }
            return true;
        }

        private void finite(String field, List<Float> values) {
            int bad = 0;
            int first = -1;
            for (int i = 0; i < values.size(); i++) {
                if (!Float.isFinite(values.get(i))) {
                    bad++;
                    if (first < 0) {
                        first = i;
                    }
                }
            }
            if (bad > 0) {
                add(RejectionReason.NON_FINITE_VALUE, field,
                        bad + " value" + (bad == 1 ? " is" : "s are") + " NaN or infinite, first at index " + first);
            }
        }

        private void length(String field, int actual, long expected, String expectation) {
            if (actual != expected) {
                add(RejectionReason.DIMENSION_MISMATCH, field,
                        "has " + actual + " values, expected " + expected + " (" + expectation + ")");
            }
        }

        private void add(RejectionReason reason, String field, String detail) {
            problems.add(new SnapshotProblem(reason, field, detail));
        }
    }
}
