package io.clusterstream.trainer.train;

import static io.clusterstream.trainer.train.LossSpikeGuard.Verdict.KEEP;
import static io.clusterstream.trainer.train.LossSpikeGuard.Verdict.SPIKE;
import static io.clusterstream.trainer.train.LossSpikeGuard.Verdict.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LossSpikeGuardTest {

    @Test
    void theFirstEpochIsNeverAReferenceAndTheSecondOneIs() {
        LossSpikeGuard guard = new LossSpikeGuard(0.03);
        assertEquals(KEEP, judgeAndAccept(guard, 0, 9.0));
        assertEquals(KEEP, judgeAndAccept(guard, 1, 9.2), "a queue-filling rise after the first epoch is kept");
        assertEquals(9.2, guard.best());
        assertEquals(KEEP, judgeAndAccept(guard, 2, 9.1));
        assertEquals(9.1, guard.best());
    }

    @Test
    void aLossAboveTheBestByMoreThanTheToleranceIsASpikeAndByMoreThanHalfOfItSuspect() {
        LossSpikeGuard guard = new LossSpikeGuard(0.03);
        guard.accept(1, 10.0);
        assertEquals(KEEP, guard.judge(2, 10.1), "1% up");
        assertEquals(SUSPECT, guard.judge(3, 10.2), "2% up");
        assertEquals(SPIKE, guard.judge(4, 10.4), "4% up");
        assertEquals(10.0, guard.best(), "an epoch that is judged but not accepted is no reference");
    }

    @Test
    void negativeLossesAreJudgedByTheirMagnitude() {
        LossSpikeGuard guard = new LossSpikeGuard(0.1);
        guard.accept(1, -1.0);
        assertEquals(KEEP, guard.judge(2, -0.97));
        assertEquals(SPIKE, guard.judge(3, -0.8));
    }

    @Test
    void aToleranceOfZeroKeepsEveryEpoch() {
        LossSpikeGuard guard = new LossSpikeGuard(0);
        guard.accept(1, 1.0);
        assertEquals(KEEP, guard.judge(2, 100.0));
    }

    @Test
    void aBestLossOfZeroStillJudges() {
        LossSpikeGuard guard = new LossSpikeGuard(0.03);
        guard.accept(1, 0.0);
        assertEquals(KEEP, guard.judge(2, 0.0));
        assertEquals(SPIKE, guard.judge(2, 1e-9));
    }

    private static LossSpikeGuard.Verdict judgeAndAccept(LossSpikeGuard guard, int epoch, double loss) {
        LossSpikeGuard.Verdict verdict = guard.judge(epoch, loss);
        guard.accept(epoch, loss);
        return verdict;
    }
}
