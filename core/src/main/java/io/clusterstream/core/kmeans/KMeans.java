package io.clusterstream.core.kmeans;

import java.util.SplittableRandom;

/**
 * Lloyd's k-means with k-means++ seeding and several restarts, keeping the restart with the lowest inertia.
 * Deterministic for a given seed. In spherical mode the rows are L2-normalised, similarity is the dot product and
 * centroids are re-normalised after every update (spherical k-means, as used on contrastive features).
 *
 * <p>Data is a flat row-major {@code n x dim} float array so that tens of thousands of rows stay compact.
 */
public final class KMeans {

    private final int k;
    private final int restarts;
    private final int maxIterations;
    private final double tolerance;
    private final long seed;
    private final boolean spherical;

    private KMeans(Builder b) {
        this.k = b.k;
        this.restarts = b.restarts;
        this.maxIterations = b.maxIterations;
        this.tolerance = b.tolerance;
        this.seed = b.seed;
        this.spherical = b.spherical;
    }

    public static Builder withClusters(int k) {
        return new Builder(k);
    }

    /** Fits on {@code n} rows of {@code dim} values, seeding each restart with k-means++. */
    public KMeansResult fit(float[] data, int n, int dim) {
        checkShape(data, n, dim);
        float[] rows = spherical ? normalizedCopy(data, n, dim) : data;
        SplittableRandom random = new SplittableRandom(seed);
        KMeansResult best = null;
        for (int r = 0; r < restarts; r++) {
            KMeansResult result = lloyd(rows, n, dim, plusPlusSeeds(rows, n, dim, random.split()), random.split());
            if (best == null || result.inertia() < best.inertia()) {
                best = result;
            }
        }
        return best;
    }

    /** Fits from given initial centroids ({@code k x dim}), one run, no restarts (e.g. MIX'EM's mixture initialisation). */
    public KMeansResult fit(float[] data, int n, int dim, float[] initialCentroids) {
        checkShape(data, n, dim);
        if (initialCentroids.length != (long) k * dim) {
            throw new IllegalArgumentException("initial centroids must hold k*dim = " + (long) k * dim + " values");
        }
        float[] rows = spherical ? normalizedCopy(data, n, dim) : data;
        float[] centroids = spherical ? normalizedCopy(initialCentroids, k, dim) : initialCentroids.clone();
        return lloyd(rows, n, dim, centroids, new SplittableRandom(seed));
    }

    private void checkShape(float[] data, int n, int dim) {
        if (n < k) {
            throw new IllegalArgumentException("need at least k = " + k + " rows, got " + n);
        }
        if (dim < 1 || data.length != (long) n * dim) {
            throw new IllegalArgumentException("data must hold n*dim = " + (long) n * dim + " values, got " + data.length);
        }
        for (float v : data) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("data must be finite");
            }
        }
    }

    private KMeansResult lloyd(float[] rows, int n, int dim, float[] centroids, SplittableRandom random) {
        int[] labels = new int[n];
        double[] cost = new double[n];
        double previousInertia = Double.POSITIVE_INFINITY;
        double inertia = assign(rows, n, dim, centroids, labels, cost);
        int iteration = 0;
        while (iteration < maxIterations) {
            iteration++;
            update(rows, n, dim, centroids, labels, cost, random);
            previousInertia = inertia;
            inertia = assign(rows, n, dim, centroids, labels, cost);
            if (previousInertia - inertia <= tolerance * Math.max(1e-12, Math.abs(previousInertia))) {
                break;
            }
        }
        return new KMeansResult(k, dim, centroids, labels, inertia, iteration);
    }

    /** Assigns every row to its nearest centroid; returns the inertia (sum of costs). */
    private double assign(float[] rows, int n, int dim, float[] centroids, int[] labels, double[] cost) {
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double d = distance(rows, i * dim, centroids, c * dim, dim);
                if (d < bestCost) {
                    bestCost = d;
                    best = c;
                }
            }
            labels[i] = best;
            cost[i] = bestCost;
            inertia += bestCost;
        }
        return inertia;
    }

    private void update(float[] rows, int n, int dim, float[] centroids, int[] labels, double[] cost, SplittableRandom random) {
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            counts[c]++;
            for (int j = 0; j < dim; j++) {
                sums[c * dim + j] += rows[i * dim + j];
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                // An empty cluster takes the row that is currently served worst, which then leaves its old cluster.
                int worst = 0;
                for (int i = 1; i < n; i++) {
                    if (cost[i] > cost[worst]) {
                        worst = i;
                    }
                }
                cost[worst] = 0;
                System.arraycopy(rows, worst * dim, centroids, c * dim, dim);
                continue;
            }
            for (int j = 0; j < dim; j++) {
                centroids[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
            }
            if (spherical) {
                normalizeRow(centroids, c * dim, dim, random);
            }
        }
    }

    private float[] plusPlusSeeds(float[] rows, int n, int dim, SplittableRandom random) {
        float[] centroids = new float[k * dim];
        System.arraycopy(rows, random.nextInt(n) * dim, centroids, 0, dim);
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], distance(rows, i * dim, centroids, (c - 1) * dim, dim));
                total += nearest[i];
            }
            int chosen;
            if (total <= 0) {
                chosen = random.nextInt(n); // every row sits on a centroid already
            } else {
                double target = random.nextDouble() * total;
                chosen = n - 1;
                for (int i = 0; i < n; i++) {
                    target -= nearest[i];
                    if (target < 0) {
                        chosen = i;
                        break;
                    }
                }
            }
            System.arraycopy(rows, chosen * dim, centroids, c * dim, dim);
        }
        return centroids;
    }

    /** Squared Euclidean distance, or 1 - dot product on the unit sphere. */
    private double distance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        double sum = 0;
        if (spherical) {
            for (int j = 0; j < dim; j++) {
                sum += (double) a[aOffset + j] * b[bOffset + j];
            }
            return Math.max(0, 1 - sum);
        }
        for (int j = 0; j < dim; j++) {
            double d = (double) a[aOffset + j] - b[bOffset + j];
            sum += d * d;
        }
        return sum;
    }

    private static float[] normalizedCopy(float[] data, int n, int dim) {
        float[] copy = data.clone();
        for (int i = 0; i < n; i++) {
            normalizeRow(copy, i * dim, dim, null);
        }
        return copy;
    }

    private static void normalizeRow(float[] a, int offset, int dim, SplittableRandom random) {
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            norm += (double) a[offset + j] * a[offset + j];
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int j = 0; j < dim; j++) {
                a[offset + j] = (float) (a[offset + j] / norm);
            }
        } else if (random != null) {
            // A centroid whose members cancel out has no direction; give it a random one.
            for (int j = 0; j < dim; j++) {
                a[offset + j] = (float) random.nextGaussian();
            }
            normalizeRow(a, offset, dim, null);
        }
    }

    public static final class Builder {
        private final int k;
        private int restarts = 10;
        private int maxIterations = 300;
        private double tolerance = 1e-6;
        private long seed;
        private boolean spherical;

        private Builder(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, got " + k);
            }
            this.k = k;
        }

        public Builder restarts(int restarts) {
            if (restarts < 1) {
                throw new IllegalArgumentException("restarts must be at least 1");
            }
            this.restarts = restarts;
            return this;
        }

        public Builder maxIterations(int maxIterations) {
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be at least 1");
            }
            this.maxIterations = maxIterations;
            return this;
        }

        /** Stop when an iteration lowers the inertia by less than this fraction. */
        public Builder tolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder spherical(boolean spherical) {
            this.spherical = spherical;
            return this;
        }

        public KMeans build() {
            return new KMeans(this);
        }
    }
}
