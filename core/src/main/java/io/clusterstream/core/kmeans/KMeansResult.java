package io.clusterstream.core.kmeans;

/**
 * A fitted k-means model.
 *
 * @param centroids  k x dim, row-major (unit rows in spherical mode)
 * @param labels     the cluster of every training row
 * @param inertia    sum over rows of the squared distance (spherical: 1 - cosine) to their centroid
 * @param iterations Lloyd iterations run
 */
public record KMeansResult(int k, int dim, float[] centroids, int[] labels, double inertia, int iterations) {

    /** Number of training rows in each cluster. */
    public long[] sizes() {
        long[] sizes = new long[k];
        for (int label : labels) {
            sizes[label]++;
        }
        return sizes;
    }
}
