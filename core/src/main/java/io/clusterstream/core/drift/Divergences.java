package io.clusterstream.core.drift;

/**
 * Distances between a window's cluster proportions p and the snapshot's reference proportions q, and the effect
 * sizes drift thresholds are expressed in. All logarithms are natural.
 */
public final class Divergences {

    /**
     * PSI treats a zero share as this small share instead: ln(p/0) is infinite, and one empty cluster must not
     * make a window look infinitely different. 1e-4 is the usual floor in credit-risk practice, where PSI comes from.
     */
    public static final double PSI_FLOOR = 1e-4;

    /** Jensen–Shannon divergence, in [0, ln 2]; 0 iff p = q. */
    public static double jensenShannon(double[] p, double[] q) {
        checkSameLength(p, q);
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) {
                js += 0.5 * p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                js += 0.5 * q[i] * Math.log(q[i] / m);
            }
        }
        return Math.max(0, js);
    }

    /** Population stability index Σ (p - q) ln(p / q), shares floored at {@link #PSI_FLOOR}. */
    public static double populationStabilityIndex(double[] p, double[] q) {
        checkSameLength(p, q);
        double psi = 0;
        for (int i = 0; i < p.length; i++) {
            double a = Math.max(p[i], PSI_FLOOR);
            double b = Math.max(q[i], PSI_FLOOR);
            psi += (a - b) * Math.log(a / b);
        }
        return psi;
    }

    /**
     * Cohen's w, the effect size of a chi-square goodness-of-fit test: sqrt(Σ (p - q)² / q). Conventionally 0.1 is
     * small, 0.3 medium and 0.5 large. Clusters with a zero reference share are skipped (w is undefined there; PSI
     * and JS still see them).
     */
    public static double cohensW(double[] p, double[] q) {
        checkSameLength(p, q);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            if (q[i] > 0) {
                double d = p[i] - q[i];
                sum += d * d / q[i];
            }
        }
        return Math.sqrt(sum);
    }

    /** Cohen's h between two proportions, 2 asin √p1 − 2 asin √p2: 0.2 small, 0.5 medium, 0.8 large. */
    public static double cohensH(double p1, double p2) {
        return 2 * Math.asin(Math.sqrt(clamp01(p1))) - 2 * Math.asin(Math.sqrt(clamp01(p2)));
    }

    /** Shannon entropy in nats of a probability vector. */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    private static double clamp01(double v) {
        return Math.min(1, Math.max(0, v));
    }

    private static void checkSameLength(double[] p, double[] q) {
        if (p.length != q.length || p.length == 0) {
            throw new IllegalArgumentException("distributions must be non-empty and of equal length, got " + p.length + " and " + q.length);
        }
    }

    private Divergences() {}
}
