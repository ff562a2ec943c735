package io.clusterstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void warmsUpLinearlyThenDecaysAtEachMilestone() {
        LearningRateSchedule schedule = new LearningRateSchedule(1.0, 4, new int[] {10, 6}, 0.1);
        assertEquals(0.25, schedule.rate(0), 1e-12);
        assertEquals(0.75, schedule.rate(2), 1e-12);
        assertEquals(1.0, schedule.rate(4), 1e-12);
        assertEquals(1.0, schedule.rate(5), 1e-12);
        assertEquals(0.1, schedule.rate(6), 1e-12);
        assertEquals(0.01, schedule.rate(10), 1e-12);
    }

    @Test
    void constantIsConstant() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(3e-4);
        assertEquals(3e-4, schedule.rate(0), 0);
        assertEquals(3e-4, schedule.rate(999), 0);
    }

    @Test
    void refusesNonPositiveRates() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1, -1, new int[0], 0.1));
    }
}
