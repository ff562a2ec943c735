package io.clusterstream.core.head;

import io.clusterstream.schemas.v1.MicePosteriorHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MiCE's full posterior over a frozen queue of teacher keys (shared/algorithms.md §1, serving form (a)), as the
 * trainer's {@code MiceObjective} computes it. The feature is the serving graph's single output {@code [g | f_1..f_K |
 * v_1..v_K]}: the student's gating embedding, then the student's and the teacher's expert embeddings. With μ̂ = l2n(μ)
 * and e_k = f_k + μ̂_k:
 *
 * <ul>
 *   <li>log π_k = log_softmax_k(ω_k·g / κ);</li>
 *   <li>log φ_k = e_k·v_k/τ − lse(e_k·v_k/τ, e_k·Q_jk/τ for every queue row j);</li>
 *   <li>r_k = softmax_k(log π_k + log φ_k).</li>
 * </ul>
 *
 * The queue is only read, so the assignment of an image depends on nothing else served. The novelty score is 1 − max_k
 * r_k, as for the other softmax heads. Each call costs about ν·K·expert_dim multiply-adds (5 M at ν = 4096, K = 10,
 * 128 dimensions).
 */
public final class MicePosteriorClusterHead implements ClusterHead {

    private final int numClusters;
    private final int gateDim;
    private final int expertDim;
    private final int queueSize;
    private final float[] gatingPrototypes;
    private final double kappa;
    private final double[] expertPrototypes;
    private final double tau;
    /** Per expert k, its ν keys one after another: [K][ν][expertDim], so the inner loop reads contiguously. */
    private final float[][] queueByExpert;

    /**
     * @param gatingPrototypes ω, K x gateDim row-major
     * @param expertPrototypes μ, K x expertDim row-major; normalised here
     * @param queue            Q, queueSize x K x expertDim row-major, as the queue file stores it
     */
    public MicePosteriorClusterHead(int numClusters, int gateDim, int expertDim, float[] gatingPrototypes, double kappa,
            float[] expertPrototypes, double tau, float[] queue) {
        if (numClusters < 1 || gateDim < 1 || expertDim < 1) {
            throw new IllegalArgumentException("need K, gate_dim and expert_dim of at least 1, got K=" + numClusters
                    + ", gate_dim=" + gateDim + ", expert_dim=" + expertDim);
        }
        requireLength("gating prototypes", gatingPrototypes, (long) numClusters * gateDim, "K x gate_dim");
        requireLength("expert prototypes", expertPrototypes, (long) numClusters * expertDim, "K x expert_dim");
        long keyLength = (long) numClusters * expertDim;
        if (queue.length == 0 || queue.length % keyLength != 0) {
            throw new IllegalArgumentException("the queue must hold a positive multiple of K x expert_dim = " + keyLength
                    + " values, got " + queue.length);
        }
        requirePositiveFinite("kappa", kappa);
        requirePositiveFinite("tau", tau);
        requireFinite("gating prototypes", gatingPrototypes);
        requireFinite("expert prototypes", expertPrototypes);
        requireFinite("queue", queue);
        this.numClusters = numClusters;
        this.gateDim = gateDim;
        this.expertDim = expertDim;
        this.queueSize = (int) (queue.length / keyLength);
        this.gatingPrototypes = gatingPrototypes.clone();
        this.kappa = kappa;
        this.tau = tau;
        this.expertPrototypes = new double[expertPrototypes.length];
        for (int k = 0; k < numClusters; k++) {
            double norm = Math.max(Vectors.norm(expertPrototypes, k * expertDim, expertDim), 1e-12);
            for (int d = 0; d < expertDim; d++) {
                this.expertPrototypes[k * expertDim + d] = expertPrototypes[k * expertDim + d] / norm;
            }
        }
        this.queueByExpert = new float[numClusters][queueSize * expertDim];
        for (int j = 0; j < queueSize; j++) {
            for (int k = 0; k < numClusters; k++) {
                System.arraycopy(queue, (j * numClusters + k) * expertDim, queueByExpert[k], j * expertDim, expertDim);
            }
        }
    }

    /**
     * Builds the head a manifest describes over the queue file it names.
     *
     * @throws IllegalArgumentException when the queue file's size is not queue_size·K·expert_dim·4 bytes, or the head
     *                                  is inconsistent
     * @throws UncheckedIOException     when the queue file cannot be read
     */
    public static MicePosteriorClusterHead of(MicePosteriorHead head, int numClusters, Path queueFile) {
        long expectedBytes = (long) head.getQueueSize() * numClusters * head.getExpertDim() * Float.BYTES;
        try {
            long actualBytes = Files.size(queueFile);
            if (actualBytes != expectedBytes || expectedBytes == 0 || expectedBytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the MiCE queue file " + queueFile + " has " + actualBytes
                        + " bytes, but queue_size·K·expert_dim·4 = " + head.getQueueSize() + "·" + numClusters + "·"
                        + head.getExpertDim() + "·4 = " + expectedBytes);
            }
            float[] queue = new float[(int) (expectedBytes / Float.BYTES)];
            ByteBuffer.wrap(Files.readAllBytes(queueFile)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(queue);
            return new MicePosteriorClusterHead(numClusters, head.getGateDim(), head.getExpertDim(),
                    Vectors.floats(head.getGatingPrototypesList()), head.getKappa(), Vectors.floats(head.getExpertPrototypesList()),
                    head.getTau(), queue);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MiCE queue file " + queueFile, e);
        }
    }

    @Override
    public int numClusters() {
        return numClusters;
    }

    /** gate_dim + 2·K·expert_dim: the gating embedding, then K student and K teacher expert embeddings. */
    @Override
    public int featureDim() {
        return gateDim + 2 * numClusters * expertDim;
    }

    public int queueSize() {
        return queueSize;
    }

    @Override
    public double score(float[] feature, double[] probabilities) {
        Vectors.checkLength(feature, featureDim());
        for (int k = 0; k < numClusters; k++) {
            probabilities[k] = Vectors.dot(feature, gatingPrototypes, k * gateDim, gateDim) / kappa;
        }
        double logEvidence = logSumExp(probabilities, probabilities.length);
        double[] shifted = new double[expertDim];
        double[] logits = new double[queueSize + 1];
        int students = gateDim;
        int teachers = gateDim + numClusters * expertDim;
        for (int k = 0; k < numClusters; k++) {
            for (int d = 0; d < expertDim; d++) {
                shifted[d] = feature[students + k * expertDim + d] + expertPrototypes[k * expertDim + d];
            }
            logits[0] = dot(shifted, feature, teachers + k * expertDim) / tau;
            float[] keys = queueByExpert[k];
            for (int j = 0; j < queueSize; j++) {
                logits[j + 1] = dot(shifted, keys, j * expertDim) / tau;
            }
            double logPhi = logits[0] - logSumExp(logits, logits.length);
            probabilities[k] = probabilities[k] - logEvidence + logPhi;
        }
        Softmax.inPlace(probabilities);
        double maxProbability = 0;
        for (double p : probabilities) {
            maxProbability = Math.max(maxProbability, p);
        }
        return 1 - maxProbability;
    }

    private static double dot(double[] a, float[] b, int bOffset) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[bOffset + i];
        }
        return sum;
    }

    private static double logSumExp(double[] values, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            max = Math.max(max, values[i]);
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.exp(values[i] - max);
        }
        return max + Math.log(sum);
    }

    private static void requireLength(String what, float[] values, long expected, String shape) {
        if (values.length != expected) {
            throw new IllegalArgumentException(what + " must hold " + shape + " = " + expected + " values, got " + values.length);
        }
    }

    private static void requireFinite(String what, float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("the MiCE " + what + " must be finite");
            }
        }
    }

    private static void requirePositiveFinite(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + value);
        }
    }
}
