package io.clusterstream.core.metrics;

/**
 * Clustering quality against ground-truth labels (shared/algorithms.md §7).
 *
 * @param acc accuracy under the best one-to-one cluster → class map, in [0, 1]
 * @param nmi normalised mutual information with arithmetic-mean normalisation, in [0, 1]
 * @param ari adjusted Rand index, at most 1 (negative when worse than chance)
 * @param n   number of labelled samples scored
 */
public record ClusteringScores(double acc, double nmi, double ari, long n) {
}
