package io.clusterstream.trainer.method.loss;

import ai.djl.ndarray.NDArray;

/**
 * MiCE's training objective for one batch (shared/algorithms.md §1, steps 2–4), all in log space.
 *
 * <ul>
 *   <li>gating: log π_bk = log_softmax_k(ω_k·g_b / κ);</li>
 *   <li>experts, with μ̂ = l2n(μ) and e_bk = f_bk + μ̂_k: log φ_bk = e_bk·v_bk/τ − lse(e_bk·v_bk/τ, e_bk·Q_jk/τ for
 *       every queue row j);</li>
 *   <li>E-step posterior r_bk = softmax_k(log π_bk + log φ_bk);</li>
 *   <li>loss = −ELBO = −mean_b lse_k(log π_bk + log φ_bk), which equals the spec's Σ_k r (log π + log φ − log r)
 *       with r not detached, gradient included.</li>
 * </ul>
 */
public final class MiceObjective {

    private static final double NORM_EPSILON = 1e-12;

    /** The per-batch terms: B x K arrays except the scalar {@code loss}. */
    public record Terms(NDArray logPi, NDArray logPhi, NDArray posterior, NDArray loss) {}

    /**
     * @param experts  f, B x K x D student expert embeddings (unit rows)
     * @param gating   g, B x D student gating embedding (unit rows)
     * @param keys     v, B x K x D teacher expert embeddings of another view (no gradient)
     * @param omega    ω, K x D fixed gating prototypes
     * @param mu       μ, K x D expert prototypes (normalised here)
     * @param queue    Q, ν x K x D earlier teacher keys
     * @param kappa    gating temperature κ
     * @param tau      expert temperature τ
     */
    public static Terms compute(NDArray experts, NDArray gating, NDArray keys, NDArray omega, NDArray mu, NDArray queue,
            double kappa, double tau) {
        NDArray logPi = gating.matMul(omega.transpose()).div((float) kappa).logSoftmax(1);
        NDArray logPhi = logPhi(experts, keys, mu, queue, tau);
        NDArray joint = logPi.add(logPhi);
        NDArray evidence = LogSumExp.along(joint, 1);
        NDArray posterior = joint.sub(evidence.expandDims(1)).exp();
        return new Terms(logPi, logPhi, posterior, evidence.mean().neg());
    }

    /** log φ, B x K: InfoNCE of each expert's embedding against its positive key and the queue's keys of that expert. */
    public static NDArray logPhi(NDArray experts, NDArray keys, NDArray mu, NDArray queue, double tau) {
        NDArray muHat = mu.normalize(2, 1, NORM_EPSILON);
        NDArray shifted = experts.add(muHat.expandDims(0));
        NDArray positive = shifted.mul(keys).sum(new int[] {2}).div((float) tau).transpose();
        NDArray negatives = shifted.transpose(1, 0, 2).batchMatMul(queue.transpose(1, 2, 0)).div((float) tau);
        NDArray logits = positive.expandDims(2).concat(negatives, 2);
        return positive.sub(LogSumExp.along(logits, 2)).transpose();
    }

    private MiceObjective() {}
}
