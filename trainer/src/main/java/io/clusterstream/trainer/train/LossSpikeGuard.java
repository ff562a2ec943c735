package io.clusterstream.trainer.train;

/**
 * Judges each epoch's mean loss against the lowest one so far, so that a run which suddenly jumps to a worse state
 * (TCC at 5,000 images: the assignments tip out of balance within a few steps and every loss term stays higher,
 * docs/benchmarks.md) goes back to a checkpoint from before the jump instead of training on from it.
 *
 * <p>The first epoch is not a reference: while a method's queue still holds its random start keys the loss is low,
 * and the second epoch's is often up to 2% higher. From the third epoch on, a loss more than {@code tolerance} of the
 * best above it is a spike; one more than half that is suspect, and is not checkpointed, so that a spike which began
 * late in an epoch cannot leave the run a checkpoint to return to from inside it.
 */
final class LossSpikeGuard {

    /** What the loop does with an epoch. */
    enum Verdict {
        /** checkpoint it */
        KEEP,
        /** train on, but do not checkpoint it */
        SUSPECT,
        /** go back to the last checkpoint */
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
     * Makes a checkpointed epoch's loss a reference: only those, so that after a roll-back no epoch the run went back
     * past is one.
     */
    void accept(int epoch, double loss) {
        if (epoch >= FIRST_REFERENCE_EPOCH && !(loss >= best)) {
            best = loss;
        }
    }

    /** The lowest accepted epoch loss from the second epoch on (NaN before there is one). */
    double best() {
        return best;
    }
}
