package io.clusterstream.trainer.method.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MaxMahalanobisCentresTest {

    @Test
    void reproducesTheSpecsValuesForTenCentres() {
        double[] centres = MaxMahalanobisCentres.of(10, 128);
        assertRow(centres, 1, -0.111111, 0.993808);
        assertRow(centres, 9, -0.111111, -0.124226, -0.140859, -0.162650, -0.192450, -0.235702, -0.304290, -0.430331,
                -0.745356);
    }

    @Test
    void centresAreUnitVectorsWithEqualNegativeDotProducts() {
        for (int count : new int[] {2, 10, 15, 20}) {
            int dim = 128;
            double[] centres = MaxMahalanobisCentres.of(count, dim);
            for (int a = 0; a < count; a++) {
                for (int b = 0; b < count; b++) {
                    double dot = 0;
                    for (int j = 0; j < dim; j++) {
                        dot += centres[a * dim + j] * centres[b * dim + j];
                    }
                    assertEquals(a == b ? 1.0 : -1.0 / (count - 1), dot, 1e-9, "L=" + count + " (" + a + "," + b + ")");
                }
            }
        }
    }

    @Test
    void refusesMoreCentresThanDimensions() {
        assertThrows(IllegalArgumentException.class, () -> MaxMahalanobisCentres.of(10, 9));
        assertThrows(IllegalArgumentException.class, () -> MaxMahalanobisCentres.of(1, 128));
    }

    private static void assertRow(double[] centres, int row, double... leading) {
        for (int j = 0; j < 128; j++) {
            double expected = j < leading.length ? leading[j] : 0;
            assertEquals(expected, centres[row * 128 + j], 1e-6, "centre " + (row + 1) + "[" + j + "]");
        }
    }
}
