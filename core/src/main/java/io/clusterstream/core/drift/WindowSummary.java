package io.clusterstream.core.drift;

/**
 * What one window of assignments looked like, next to what the snapshot expects.
 *
 * @param count                 assignments in the window
 * @param proportions           share of each cluster in the window
 * @param referenceProportions  share of each cluster on the training sample
 * @param meanConfidence        mean of the assigned clusters' probabilities
 * @param meanEntropy           mean entropy (nats) of the assignment distributions
 * @param noveltyRate           share of assignments flagged novel
 * @param expectedNoveltyRate   share the snapshot's calibration expects to be novel (1 - calibration quantile)
 * @param embeddingMeanShift    distance of the window's mean embedding from the training mean, in training
 *                              standard deviations; NaN when embeddings were not tracked
 */
public record WindowSummary(
        long count,
        double[] proportions,
        double[] referenceProportions,
        double meanConfidence,
        double meanEntropy,
        double noveltyRate,
        double expectedNoveltyRate,
        double embeddingMeanShift) {}
