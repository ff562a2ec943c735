package io.clusterstream.trainer.method.mixem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MixtureInitialisationTest {

    private static final float[] ROWS = {0, 0, 2, 0, 10, 10, 10, 12, 30, 0};

    @Test
    void centreIsTheMeanOfTheRowsTheGateAssigns() {
        float[] centres = MixtureInitialisation.centres(ROWS, 5, 2, new int[] {0, 0, 1, 1, 2}, 3);
        assertArrayEquals(new float[] {1, 0, 10, 11, 30, 0}, centres);
    }

    @Test
    void anEmptyComponentTakesTheRowFarthestFromTheChosenCentres() {
        float[] centres = MixtureInitialisation.centres(ROWS, 5, 2, new int[] {0, 0, 1, 1, 1}, 3);
        // component 1's mean is (50/3, 22/3); (0, 0) and (2, 0) sit near centre 0, (30, 0) is farthest from both
        assertArrayEquals(new float[] {1, 0, 50f / 3, 22f / 3, 30, 0}, centres, 1e-5f);
    }

    @Test
    void rejectsGateLabelsOutsideTheComponents() {
        assertThrows(IllegalArgumentException.class, () -> MixtureInitialisation.centres(ROWS, 5, 2, new int[] {0, 0, 1, 1, 3}, 3));
    }
}
