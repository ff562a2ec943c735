package io.clusterstream.core.baseline;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.head.MlpClusterHead;
import io.clusterstream.core.image.Preprocessor;
import io.clusterstream.core.kmeans.KMeans;
import io.clusterstream.core.kmeans.KMeansResult;
import io.clusterstream.core.metrics.ClusteringMetrics;
import io.clusterstream.core.metrics.ClusteringScores;
import io.clusterstream.core.onnx.OnnxGraphBuilder;
import io.clusterstream.core.snapshot.SampleStatistics;
import io.clusterstream.core.snapshot.SnapshotDraft;
import io.clusterstream.schemas.v1.Activation;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Artifact;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.DenseLayer;
import io.clusterstream.schemas.v1.EncoderSignature;
import io.clusterstream.schemas.v1.Evaluation;
import io.clusterstream.schemas.v1.MlpHead;
import io.clusterstream.schemas.v1.ModelRef;
import io.clusterstream.schemas.v1.NoveltyCalibration;
import io.clusterstream.schemas.v1.Preprocessing;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.schemas.v1.TrainingReport;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * k-means on (average-pooled) raw pixels: the floor every learned method must beat, and a complete, servable
 * snapshot in seconds. The encoder is an ONNX graph {@code AveragePool(p) -> Flatten}; the head is nearest-centroid
 * written as one dense layer, logit_k = (2 f·c_k − ||c_k||²) / T, which differs from −||f − c_k||² / T only by a
 * term common to all k, so its argmax is the nearest centroid and its softmax a Gaussian-style posterior with T the
 * mean squared distance of the training images to their centroid.
 */
public final class RawPixelKMeans {

    public static final String INPUT_NAME = "image";
    public static final String OUTPUT_NAME = "embedding";
    public static final String ENCODER_FILE = "encoder.onnx";

    private final int k;
    private final int pool;
    private final int restarts;
    private final long seed;

    /**
     * @param pool average-pooling factor applied to the preprocessed image before clustering (1 = none); the image
     *             side lengths must be divisible by it
     */
    public RawPixelKMeans(int k, int pool, int restarts, long seed) {
        if (k < 1 || pool < 1 || restarts < 1) {
            throw new IllegalArgumentException("k, pool and restarts must be at least 1");
        }
        this.k = k;
        this.pool = pool;
        this.restarts = restarts;
        this.seed = seed;
    }

    /** Fits on {@code images} and returns the snapshot draft of {@code model}, ready for a store to publish. */
    public Fitted fit(LabeledImages images, Preprocessing preprocessing, ModelRef model) {
        long started = System.currentTimeMillis();
        Preprocessor preprocessor = new Preprocessor(preprocessing);
        if (preprocessor.height() % pool != 0 || preprocessor.width() % pool != 0) {
            throw new IllegalArgumentException("image size " + preprocessor.width() + "x" + preprocessor.height()
                    + " is not divisible by the pooling factor " + pool);
        }
        int n = images.size();
        int dim = preprocessor.channels() * (preprocessor.height() / pool) * (preprocessor.width() / pool);
        float[] features = features(images, preprocessor, dim);

        KMeansResult clustering = KMeans.withClusters(k).restarts(restarts).seed(seed).build().fit(features, n, dim);
        double temperature = Math.max(clustering.inertia() / n, 1e-12);
        MlpHead head = nearestCentroidHead(clustering, temperature);

        double[] novelty = new double[n];
        MlpClusterHead servingHead = new MlpClusterHead(head);
        double[] probabilities = new double[k];
        for (int i = 0; i < n; i++) {
            novelty[i] = servingHead.score(Arrays.copyOfRange(features, i * dim, (i + 1) * dim), probabilities);
        }
        float threshold = SampleStatistics.noveltyThreshold(novelty);
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            distance[i] = squaredDistance(features, i * dim, clustering.centroids(), clustering.labels()[i] * dim, dim);
        }

        ClusteringScores scores = ClusteringMetrics.evaluate(images.labels(), clustering.labels());
        SnapshotManifest manifest = SnapshotManifest.newBuilder()
                .setFormatVersion(1)
                .setModel(model)
                .setCreatedTimeMs(System.currentTimeMillis())
                .setAlgorithm(Algorithm.ALGORITHM_RAW_KMEANS)
                .setNumClusters(k)
                .setEmbeddingDim(dim)
                .setPreprocessing(preprocessing)
                .setEncoder(Artifact.newBuilder().setUri(ENCODER_FILE))
                .setEncoderSignature(EncoderSignature.newBuilder().setInputName(INPUT_NAME).setOutputName(OUTPUT_NAME))
                .setHead(ClusteringHead.newBuilder().setMlp(head))
                .addAllReferenceProportions(SampleStatistics.proportions(clustering.sizes()))
                .addAllClusters(IntStream.range(0, k)
                        .mapToObj(c -> ClusterInfo.newBuilder()
                                .setClusterId(c)
                                .setKey(ClusterKeys.fresh(model.getVersion(), c))
                                .setSize(clustering.sizes()[c])
                                .addAllExemplarIds(SampleStatistics.exemplars(clustering.labels(), distance, c))
                                .build())
                        .toList())
                .setTraining(TrainingReport.newBuilder()
                        .setData(images.toString())
                        .setNumImages(n)
                        .setEpochs(clustering.iterations())
                        .setDurationMs(System.currentTimeMillis() - started)
                        .setFinalLoss(clustering.inertia() / n)
                        .setBackbone("avgpool" + pool + "-raw-pixels")
                        .setDevice("cpu")
                        .setSeed(seed)
                        .putHyperparameters("k", Integer.toString(k))
                        .putHyperparameters("pool", Integer.toString(pool))
                        .putHyperparameters("restarts", Integer.toString(restarts))
                        .setEvaluation(Evaluation.newBuilder()
                                .setAcc(scores.acc()).setNmi(scores.nmi()).setAri(scores.ari())
                                .setNumLabelled(scores.n()).setProtocol("train")))
                .setNovelty(NoveltyCalibration.newBuilder().setThreshold(threshold).setQuantile(SampleStatistics.NOVELTY_QUANTILE))
                .setEmbeddingReference(SampleStatistics.embeddingReference(features, n, dim))
                .build();
        SnapshotDraft draft = SnapshotDraft.builder(manifest).bytes(ENCODER_FILE, encoder(preprocessor).toByteArray()).build();
        return new Fitted(draft, clustering.labels(), scores);
    }

    /** The graph that computes exactly the features this class clusters. */
    private ai.onnx.proto.OnnxMl.ModelProto encoder(Preprocessor preprocessor) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("raw-pixel-kmeans");
        String x = g.input(INPUT_NAME, -1, preprocessor.channels(), preprocessor.height(), preprocessor.width());
        String pooled = pool == 1 ? x : g.averagePool(x, pool, pool);
        int dim = preprocessor.channels() * (preprocessor.height() / pool) * (preprocessor.width() / pool);
        g.output(g.flatten(pooled), OUTPUT_NAME, -1, dim);
        return g.build();
    }

    private float[] features(LabeledImages images, Preprocessor preprocessor, int dim) {
        int c = preprocessor.channels();
        int h = preprocessor.height();
        int w = preprocessor.width();
        int ph = h / pool;
        int pw = w / pool;
        float[] tensor = new float[preprocessor.tensorSize()];
        float[] features = new float[images.size() * dim];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.toTensor(images.image(i), tensor, 0);
            int out = i * dim;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < ph; y++) {
                    for (int x = 0; x < pw; x++) {
                        double sum = 0;
                        for (int dy = 0; dy < pool; dy++) {
                            int row = (ch * h + y * pool + dy) * w + x * pool;
                            for (int dx = 0; dx < pool; dx++) {
                                sum += tensor[row + dx];
                            }
                        }
                        features[out++] = (float) (sum / (pool * pool));
                    }
                }
            }
        }
        return features;
    }

    private static MlpHead nearestCentroidHead(KMeansResult clustering, double temperature) {
        int dim = clustering.dim();
        float[] centroids = clustering.centroids();
        DenseLayer.Builder layer = DenseLayer.newBuilder()
                .setInDim(dim)
                .setOutDim(clustering.k())
                .setActivation(Activation.ACTIVATION_NONE);
        for (int c = 0; c < clustering.k(); c++) {
            double squaredNorm = 0;
            for (int j = 0; j < dim; j++) {
                float v = centroids[c * dim + j];
                squaredNorm += (double) v * v;
                layer.addWeight((float) (2 * v / temperature));
            }
            layer.addBias((float) (-squaredNorm / temperature));
        }
        return MlpHead.newBuilder().addLayers(layer).build();
    }

    private static double squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        double sum = 0;
        for (int j = 0; j < dim; j++) {
            double d = a[aOffset + j] - b[bOffset + j];
            sum += d * d;
        }
        return sum;
    }

    /**
     * The fitted baseline.
     *
     * @param draft  the snapshot, encoder included, for {@code FileSnapshotStore.publish}
     * @param labels the cluster of every training image
     * @param scores ACC/NMI/ARI against the training labels
     */
    public record Fitted(SnapshotDraft draft, int[] labels, ClusteringScores scores) {}
}
