package io.clusterstream.trainer.eval;

import io.clusterstream.core.metrics.ClusteringScores;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** ACC/NMI/ARI of a model on a labelled set, with the cluster size distribution. */
public record EvaluationReport(String modelId, long version, String protocol, ClusteringScores scores, long[] clusterSizes) {

    public String toText() {
        return String.format(Locale.ROOT, "%s v%d on %s (%d images): ACC %.4f  NMI %.4f  ARI %.4f%ncluster sizes %s",
                modelId, version, protocol, scores.n(), scores.acc(), scores.nmi(), scores.ari(), Arrays.toString(clusterSizes));
    }

    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"model_id\":\"%s\",\"version\":%d,\"protocol\":\"%s\",\"n\":%d,\"acc\":%.6f,\"nmi\":%.6f,\"ari\":%.6f,\"cluster_sizes\":[%s]}%n",
                escape(modelId), version, escape(protocol), scores.n(), scores.acc(), scores.nmi(), scores.ari(),
                Arrays.stream(clusterSizes).mapToObj(Long::toString).collect(Collectors.joining(",")));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
