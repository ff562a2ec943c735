package io.clusterstream.trainer.method.mice;

/**
 * Which of MiCE's two inference forms (shared/algorithms.md §1) a snapshot serves: the stateless gating form
 * (argmax_k ω_k·g, a prototype head over the gating embedding) or the full posterior with the frozen queue (argmax r,
 * a MiCE posterior head over [g | f | v] and the queue file). BEST serves whichever has the higher ACC on the labelled
 * images of the training sample, the posterior when none is labelled or on a tie.
 */
public enum MiceServing {
    GATING,
    POSTERIOR,
    BEST;

    /** The form to serve, given both forms' ACC on the training sample (NaN when nothing there is labelled). */
    MiceServing choose(double gatingAcc, double posteriorAcc) {
        if (this != BEST) {
            return this;
        }
        return gatingAcc > posteriorAcc ? GATING : POSTERIOR;
    }
}
