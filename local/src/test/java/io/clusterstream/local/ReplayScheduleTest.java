package io.clusterstream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayScheduleTest {

    private final ReplaySchedule schedule = new ReplaySchedule(40, Duration.ofSeconds(30), Set.of(0, 1));

    @Test
    void imagesDueFollowTheRate() {
        assertEquals(0, schedule.due(Duration.ZERO));
        assertEquals(1, schedule.due(Duration.ofMillis(25)));
        assertEquals(400, schedule.due(Duration.ofSeconds(10)));
    }

    @Test
    void theMixShiftsAtTheScheduledTime() {
        assertFalse(schedule.shifted(Duration.ofSeconds(29)));
        assertTrue(schedule.shifted(Duration.ofSeconds(30)));
    }

    @Test
    void nonsenseIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReplaySchedule(0, Duration.ZERO, Set.of(1)))
                .getMessage().contains("rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReplaySchedule(1, Duration.ofSeconds(-1), Set.of(1)))
                .getMessage().contains("shift"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReplaySchedule(1, Duration.ZERO, Set.of()))
                .getMessage().contains("class"));
    }
}
