package io.clusterstream.trainer.method.mixem;

import io.clusterstream.core.kmeans.KMeans;
import io.clusterstream.core.kmeans.KMeansResult;
import io.clusterstream.core.metrics.ClusteringMetrics;
import io.clusterstream.core.metrics.ClusteringScores;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The final clusterings MIX'EM's evaluation compares (shared/algorithms.md §2): on a feature, raw or L2-normalised,
 * k-means initialised from the mixture components and k-means++ with restarts; and the gate's argmax alone. On
 * normalised features k-means is spherical (centroids re-normalised), matching the cosine head that serves them.
 */
final class ClusteringVariants {

    /** A named n x dim feature matrix; {@code unit} when its rows are unit already, so only the normalised variant counts. */
    record Feature(String name, float[] rows, int dim, boolean unit) {}

    private final int clusters;
    private final int restarts;
    private final long seed;
    private final int[] gateLabels;

    ClusteringVariants(int clusters, int restarts, long seed, int[] gateLabels) {
        this.clusters = clusters;
        this.restarts = restarts;
        this.seed = seed;
        this.gateLabels = gateLabels;
    }

    /** Mixture-initialised k-means on {@code feature}, L2-normalised first when {@code normalised}. */
    KMeansResult mixtureInitialised(Feature feature, boolean normalised) {
        float[] rows = normalised ? normalisedRows(feature.rows(), feature.dim()) : feature.rows();
        float[] centres = MixtureInitialisation.centres(rows, gateLabels.length, feature.dim(), gateLabels, clusters);
        return KMeans.withClusters(clusters).seed(seed).spherical(normalised).build()
                .fit(rows, gateLabels.length, feature.dim(), centres);
    }

    KMeansResult randomlyInitialised(Feature feature, boolean normalised) {
        return KMeans.withClusters(clusters).restarts(restarts).seed(seed).spherical(normalised).build()
                .fit(feature.rows(), gateLabels.length, feature.dim());
    }

    /**
     * Scores of every variant against {@code truth}, keyed {@code gate_argmax}, {@code mixinit_<feature>},
     * {@code mixinit_l2n_<feature>}, {@code kmeanspp_<feature>}, {@code kmeanspp_l2n_<feature>}.
     */
    Map<String, ClusteringScores> scoreAll(int[] truth, Feature... features) {
        Map<String, ClusteringScores> scores = new LinkedHashMap<>();
        scores.put("gate_argmax", ClusteringMetrics.evaluate(truth, gateLabels));
        for (Feature feature : features) {
            for (boolean normalised : feature.unit() ? new boolean[] {true} : new boolean[] {false, true}) {
                String suffix = (normalised ? "l2n_" : "") + feature.name();
                scores.put("mixinit_" + suffix, ClusteringMetrics.evaluate(truth, mixtureInitialised(feature, normalised).labels()));
                scores.put("kmeanspp_" + suffix, ClusteringMetrics.evaluate(truth, randomlyInitialised(feature, normalised).labels()));
            }
        }
        return scores;
    }

    /** The scores as training-report entries, {@code <variant>_acc|nmi|ari}. */
    static Map<String, String> reportEntries(Map<String, ClusteringScores> scores) {
        Map<String, String> entries = new LinkedHashMap<>();
        scores.forEach((variant, s) -> {
            entries.put(variant + "_acc", String.format(Locale.ROOT, "%.4f", s.acc()));
            entries.put(variant + "_nmi", String.format(Locale.ROOT, "%.4f", s.nmi()));
            entries.put(variant + "_ari", String.format(Locale.ROOT, "%.4f", s.ari()));
        });
        return entries;
    }

    static float[] normalisedRows(float[] rows, int dim) {
        float[] out = rows.clone();
        for (int offset = 0; offset < out.length; offset += dim) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) out[offset + j] * out[offset + j];
            }
            double scale = 1.0 / Math.max(Math.sqrt(norm), 1e-12);
            for (int j = 0; j < dim; j++) {
                out[offset + j] = (float) (out[offset + j] * scale);
            }
        }
        return out;
    }
}
