package io.clusterstream.trainer.method;

import io.clusterstream.core.baseline.ClusterKeys;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.core.metrics.ClusteringMetrics;
import io.clusterstream.core.metrics.ClusteringScores;
import io.clusterstream.core.serving.ServingModel;
import io.clusterstream.core.serving.ServingOptions;
import io.clusterstream.core.snapshot.SampleStatistics;
import io.clusterstream.core.snapshot.SnapshotDraft;
import io.clusterstream.schemas.v1.Algorithm;
import io.clusterstream.schemas.v1.Artifact;
import io.clusterstream.schemas.v1.ClusterInfo;
import io.clusterstream.schemas.v1.ClusteringHead;
import io.clusterstream.schemas.v1.EncoderSignature;
import io.clusterstream.schemas.v1.Evaluation;
import io.clusterstream.schemas.v1.NoveltyCalibration;
import io.clusterstream.schemas.v1.SnapshotManifest;
import io.clusterstream.schemas.v1.TrainingReport;
import io.clusterstream.trainer.export.ServingGraphExporter;
import io.clusterstream.trainer.fit.FitInput;
import io.clusterstream.trainer.fit.FittedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Builds the snapshot of a learned method: the manifest with its encoder, head and training weights, then serves the
 * whole training sample through core's {@link ServingModel} (ONNX Runtime, as the stream job does) and records what
 * it served: the labels and scores, cluster sizes and reference proportions, exemplars (lowest novelty score first),
 * the novelty threshold and the embedding reference. The trainer's labels are therefore the served labels.
 */
public final class LearnedSnapshot {

    public static final String ENCODER_FILE = "encoder.onnx";

    /**
     * A method's servable parts.
     *
     * @param report the training report so far (data, timing, loss, backbone, hyper-parameters); the evaluation is
     *               added here
     */
    public record Parts(Algorithm algorithm, LearnedMethod.Serving serving, byte[] trainingWeights,
            TrainingReport.Builder report) {}

    public static FittedModel assemble(Parts parts, FitInput input, int clusters, int threads) throws IOException {
        SnapshotManifest.Builder manifest = SnapshotManifest.newBuilder()
                .setFormatVersion(1)
                .setModel(input.model())
                .setCreatedTimeMs(System.currentTimeMillis())
                .setAlgorithm(parts.algorithm())
                .setNumClusters(clusters)
                .setEmbeddingDim(parts.serving().embeddingDim())
                .setPreprocessing(input.preprocessing())
                .setEncoder(Artifact.newBuilder().setUri(ENCODER_FILE))
                .setEncoderSignature(EncoderSignature.newBuilder()
                        .setInputName(ServingGraphExporter.INPUT_NAME).setOutputName(ServingGraphExporter.OUTPUT_NAME))
                .setTrainingWeights(Artifact.newBuilder().setUri(TrainingWeights.FILE))
                .setHead(parts.serving().head());
        byte[] encoderBytes = parts.serving().encoder().toByteArray();
        Path scratch = Files.createDirectories(input.workDir().resolve("serving-check"));
        Path scratchEncoder = Files.write(scratch.resolve(ENCODER_FILE), encoderBytes);
        for (Map.Entry<String, byte[]> artifact : parts.serving().artifacts().entrySet()) {
            Files.write(scratch.resolve(artifact.getKey()), artifact.getValue());
        }
        Path queue = manifest.getHead().hasMicePosterior()
                ? scratch.resolve(manifest.getHead().getMicePosterior().getQueue().getUri())
                : null;
        LabeledImages images = input.images();
        int n = images.size();
        int dim = parts.serving().embeddingDim();
        int[] labels = new int[n];
        double[] novelty = new double[n];
        SampleStatistics.EmbeddingSpread spread = new SampleStatistics.EmbeddingSpread(dim);
        try (ServingModel model = ServingModel.load(manifest.build(), scratchEncoder, queue,
                new ServingOptions(1, threads, Double.NaN));
                ProgressBar progress = new ProgressBarBuilder().setTaskName("serve training sample").setInitialMax(n)
                        .setUnit(" img", 1).build()) {
            for (int start = 0; start < n; start += ImageTensors.BATCH) {
                int end = Math.min(n, start + ImageTensors.BATCH);
                List<PixelImage> batch = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    batch.add(images.image(i));
                }
                List<ServingModel.Served> served = model.assign(batch);
                for (int i = start; i < end; i++) {
                    ServingModel.Served one = served.get(i - start);
                    labels[i] = one.assignment().clusterId();
                    novelty[i] = one.assignment().noveltyScore();
                    spread.add(one.embedding(), 0);
                }
                progress.stepTo(end);
            }
        } finally {
            Files.deleteIfExists(scratchEncoder);
            for (String name : parts.serving().artifacts().keySet()) {
                Files.deleteIfExists(scratch.resolve(name));
            }
            Files.deleteIfExists(scratch);
        }
        ClusteringScores scores = ClusteringMetrics.evaluate(images.labels(), labels);
        long[] sizes = SampleStatistics.sizes(labels, clusters);
        manifest.addAllReferenceProportions(SampleStatistics.proportions(sizes))
                .addAllClusters(IntStream.range(0, clusters)
                        .mapToObj(c -> ClusterInfo.newBuilder()
                                .setClusterId(c)
                                .setKey(ClusterKeys.fresh(input.model().getVersion(), c))
                                .setSize(sizes[c])
                                .addAllExemplarIds(SampleStatistics.exemplars(labels, novelty, c))
                                .build())
                        .toList())
                .setTraining(parts.report()
                        .setData(images.toString())
                        .setNumImages(n)
                        .setEvaluation(Evaluation.newBuilder()
                                .setAcc(scores.acc()).setNmi(scores.nmi()).setAri(scores.ari())
                                .setNumLabelled(scores.n()).setProtocol("train")))
                .setNovelty(NoveltyCalibration.newBuilder()
                        .setThreshold(SampleStatistics.noveltyThreshold(novelty))
                        .setQuantile(SampleStatistics.NOVELTY_QUANTILE))
                .setEmbeddingReference(spread.reference());
        SnapshotDraft.Builder draft = SnapshotDraft.builder(manifest.build())
                .bytes(ENCODER_FILE, encoderBytes)
                .bytes(TrainingWeights.FILE, parts.trainingWeights());
        parts.serving().artifacts().forEach(draft::bytes);
        return new FittedModel(draft.build(), labels, scores);
    }

    private LearnedSnapshot() {}
}
