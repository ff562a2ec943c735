package io.clusterstream.trainer.train;

/**
 * Judges each epoch's mean loss against the lowest one so far, so that a run which jumps or drifts to a worse state
 * (TCC at 5,000 images: the assignments tip out of balance and every loss term stays higher, docs/benchmarks.md) goes
 * back to its best checkpoint instead of training on from there, and does not end on that state.
 *
 * <p>The first epoch is not a reference: while a method's queue still holds its random start keys the loss is low,
 * and the second epoch's is often up to 2% higher. From the third epoch on, a loss more than {@code tolerance} of the
 * best above it is a spike; one more than half that is suspect.
 */
final class LossSpikeGuard {

    /** What the loop does with an epoch. */
    enum Verdict {
        /** checkpoint it */
        KEEP,
        /** train on, but do not checkpoint it, nor end on it */
        SUSPECT,
        /** go back to the best checkpoint */
        SPIKE
    }

    private static final int FIRST_REFERENCE_EPOCH = 1;

    private final double tolerance;
    private double best = Double.NaN;

    /** @param tolerance a fraction of the best loss's magnitude; 0 turns the guard off */
    LossSpikeGuard(double tolerance) {
        this.tolerance = tolerance;
    }

    /** Judges epoch {@code epoch} (0-based) whose mean loss was {@code loss}, against the best {@linkplain #accept accepted} one. */
    Verdict judge(int epoch, double loss) {
        if (tolerance == 0 || epoch < FIRST_REFERENCE_EPOCH || Double.isNaN(best)) {
            return Verdict.KEEP;
        }
        double excess = (loss - best) / Math.max(Math.abs(best), Double.MIN_NORMAL);
        if (excess > tolerance) {
            return Verdict.SPIKE;
        }
        return excess > tolerance / 2 ? Verdict.SUSPECT : Verdict.KEEP;
    }

    /**
     * Offers a checkpointed epoch's loss as the reference; only those, so that after a roll-back no epoch the run went
     * back past is one. Returns whether it became the reference (never with the guard off).
     */
    boolean accept(int epoch, double loss) {
        if (tolerance == 0 || epoch < FIRST_REFERENCE_EPOCH || loss >= best) {
            return false;
        }
        best = loss;
        return true;
    }

    /** The lowest accepted epoch loss from the second epoch on (NaN before there is one). */
    double best() {
        return best;
    }
}
