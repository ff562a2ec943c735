package io.clusterstream.trainer.method.mice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MiceServingTest {

    @Test
    void bestServesTheFormWithTheHigherAccAndThePosteriorOnATieOrWithoutLabels() {
        assertEquals(MiceServing.GATING, MiceServing.BEST.choose(0.25, 0.22));
        assertEquals(MiceServing.POSTERIOR, MiceServing.BEST.choose(0.21, 0.23));
        assertEquals(MiceServing.POSTERIOR, MiceServing.BEST.choose(0.23, 0.23));
        assertEquals(MiceServing.POSTERIOR, MiceServing.BEST.choose(Double.NaN, Double.NaN));
    }

    @Test
    void anExplicitFormIsServedWhateverTheScores() {
        assertEquals(MiceServing.GATING, MiceServing.GATING.choose(0.1, 0.9));
        assertEquals(MiceServing.POSTERIOR, MiceServing.POSTERIOR.choose(0.9, 0.1));
    }
}
