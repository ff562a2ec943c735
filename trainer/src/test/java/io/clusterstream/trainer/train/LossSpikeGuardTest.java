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
        assertEquals(KEEP, guard.judge(0, 9.0));
        assertEquals(KEEP, guard.judge(1, 9.2), "a queue-filling rise after the first epoch is kept");
        assertEquals(9.2, guard.best());
        assertEquals(KEEP, guard.judge(2, 9.1));
        assertEquals(9.1, guard.best());
    }

    @Test
    void aLossAboveTheBestByMoreThanTheToleranceIsASpikeAndByMoreThanHalfOfItSuspect() {
        LossSpikeGuard guard = new LossSpikeGuard(0.03);
        guard.judge(1, 10.0);
        assertEquals(KEEP, guard.judge(2, 10.1), "1% up");
        assertEquals(SUSPECT, guard.judge(3, 10.2), "2% up");
        assertEquals(SPIKE, guard.judge(4, 10.4), "4% up");
        assertEquals(10.0, guard.best(), "neither a suspect nor a spiking epoch becomes the reference");
    }

    @Test
    void negativeLossesAreJudgedByTheirMagnitude() {
        LossSpikeGuard guard = new LossSpikeGuard(0.1);
        guard.judge(1, -1.0);
        assertEquals(KEEP, guard.judge(2, -0.97));
        assertEquals(SPIKE, guard.judge(3, -0.8));
    }

    @Test
    void aToleranceOfZeroKeepsEveryEpoch() {
        LossSpikeGuard guard = new LossSpikeGuard(0);
        guard.judge(1, 1.0);
        assertEquals(KEEP, guard.judge(2, 100.0));
    }
}
