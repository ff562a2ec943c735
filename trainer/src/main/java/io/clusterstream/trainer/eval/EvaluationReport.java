package io.clusterstream.trainer.eval;

import io.clusterstream.core.metrics.ClusteringScores;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * ACC/NMI/ARI of a model on a labelled set, with the cluster size distribution and, per true class, where its images
 * went (which shows the classes a model merges).
 */
public record EvaluationReport(String modelId, long version, String protocol, ClusteringScores scores, long[] clusterSizes,
        List<ClassBreakdown> classes) {

    public EvaluationReport {
        classes = List.copyOf(classes);
    }

    public String toText() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s v%d on %s (%d images): ACC %.4f  NMI %.4f  ARI %.4f%ncluster sizes %s",
                modelId, version, protocol, scores.n(), scores.acc(), scores.nmi(), scores.ari(), Arrays.toString(clusterSizes)));
        Map<Integer, Integer> classOfCluster = new HashMap<>();
        for (ClassBreakdown c : classes) {
            classOfCluster.put(c.matchedCluster(), c.label());
        }
        text.append(String.format(Locale.ROOT, "%nclass  images  matched cluster  share in it  most of the rest"));
        for (ClassBreakdown c : classes) {
            int other = c.mainOtherCluster();
            String rest = other == ClassBreakdown.UNMATCHED ? "-"
                    : String.format(Locale.ROOT, "%5.1f%% in cluster %d (%s)", 100 * c.share(other), other,
                            classOfCluster.containsKey(other) ? "class " + classOfCluster.get(other) + "'s" : "matched to no class");
            text.append(String.format(Locale.ROOT, "%n%5d  %6d  %15s  %10.1f%%  %s", c.label(), c.images(),
                    c.matchedCluster() == ClassBreakdown.UNMATCHED ? "none" : Integer.toString(c.matchedCluster()),
                    100 * c.recall(), rest));
        }
        return text.toString();
    }

    public String toJson() {
        String perClass = classes.stream()
                .map(c -> String.format(Locale.ROOT, "{\"label\":%d,\"images\":%d,\"matched_cluster\":%d,\"share_in_matched\":%.6f,\"images_by_cluster\":[%s]}",
                        c.label(), c.images(), c.matchedCluster(), c.recall(), join(c.imagesByCluster())))
                .collect(Collectors.joining(","));
        return String.format(Locale.ROOT,
                "{\"model_id\":\"%s\",\"version\":%d,\"protocol\":\"%s\",\"n\":%d,\"acc\":%.6f,\"nmi\":%.6f,\"ari\":%.6f,\"cluster_sizes\":[%s],\"classes\":[%s]}%n",
                escape(modelId), version, escape(protocol), scores.n(), scores.acc(), scores.nmi(), scores.ari(),
                join(clusterSizes), perClass);
    }

    private static String join(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
