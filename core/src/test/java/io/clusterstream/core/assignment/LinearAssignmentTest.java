package io.clusterstream.core.assignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

    private static final double EPS = 1e-9;

    @Test
    void solvesKnownSquareMatrix() {
        double[][] cost = {
                {4, 1, 3},
                {2, 0, 5},
                {3, 2, 2},
        };
        Assignment result = LinearAssignment.minimize(cost);
        assertArrayEquals(new int[] {1, 0, 2}, result.rowToColumn());
        assertEquals(5.0, result.total(), EPS);
    }

    @Test
    void solvesClassicJobAssignment() {
        double[][] cost = {
                {9, 2, 7, 8},
                {6, 4, 3, 7},
                {5, 8, 1, 8},
                {7, 6, 9, 4},
        };
        Assignment result = LinearAssignment.minimize(cost);
        assertArrayEquals(new int[] {1, 0, 2, 3}, result.rowToColumn());
        assertEquals(13.0, result.total(), EPS);
    }

    @Test
    void maximizeFindsLargestAgreement() {
        double[][] agreement = {
                {0, 2, 0},
                {1, 0, 1},
                {0, 0, 2},
        };
        Assignment result = LinearAssignment.maximize(agreement);
        assertArrayEquals(new int[] {1, 0, 2}, result.rowToColumn());
        assertEquals(5.0, result.total(), EPS);
    }

    @Test
    void moreColumnsThanRowsMatchesEveryRow() {
        double[][] cost = {
                {10, 1, 10, 10},
                {10, 10, 10, 2},
        };
        Assignment result = LinearAssignment.minimize(cost);
        assertArrayEquals(new int[] {1, 3}, result.rowToColumn());
        assertEquals(3.0, result.total(), EPS);
    }

    @Test
    void moreRowsThanColumnsLeavesSurplusRowsUnmatched() {
        double[][] cost = {
                {10, 10},
                {1, 10},
                {10, 10},
                {10, 2},
        };
        Assignment result = LinearAssignment.minimize(cost);
        assertArrayEquals(new int[] {Assignment.UNMATCHED, 0, Assignment.UNMATCHED, 1}, result.rowToColumn());
        assertEquals(3.0, result.total(), EPS);
    }

    @Test
    void maximizeOnTallMatrix() {
        double[][] weight = {
                {1, 9},
                {8, 1},
                {7, 8},
        };
        Assignment result = LinearAssignment.maximize(weight);
        assertArrayEquals(new int[] {1, 0, Assignment.UNMATCHED}, result.rowToColumn());
        assertEquals(17.0, result.total(), EPS);
    }

    @Test
    void handlesNegativeCosts() {
        double[][] cost = {
                {-1, -5},
                {-3, -2},
        };
        Assignment result = LinearAssignment.minimize(cost);
        assertEquals(-8.0, result.total(), EPS);
    }

    @Test
    void tiesStillGiveAValidOptimalMatching() {
        double[][] cost = new double[4][4];
        for (double[] row : cost) {
            java.util.Arrays.fill(row, 3.0);
        }
        Assignment result = LinearAssignment.minimize(cost);
        assertValidMatching(result, 4, 4);
        assertEquals(12.0, result.total(), EPS);

        double[][] partialTies = {
                {1, 1, 2},
                {1, 1, 2},
                {2, 2, 1},
        };
        Assignment tied = LinearAssignment.minimize(partialTies);
        assertValidMatching(tied, 3, 3);
        assertEquals(3.0, tied.total(), EPS);
        assertEquals(2, tied.columnOf(2));
    }

    @Test
    void oneByOne() {
        Assignment result = LinearAssignment.minimize(new double[][] {{7.5}});
        assertArrayEquals(new int[] {0}, result.rowToColumn());
        assertEquals(7.5, result.total(), EPS);
        assertEquals(7.5, LinearAssignment.maximize(new double[][] {{7.5}}).total(), EPS);
    }

    @Test
    void emptyMatrices() {
        Assignment noRows = LinearAssignment.minimize(new double[0][]);
        assertEquals(0, noRows.rows());
        assertEquals(0.0, noRows.total());

        Assignment noColumns = LinearAssignment.maximize(new double[3][0]);
        assertArrayEquals(new int[] {-1, -1, -1}, noColumns.rowToColumn());
        assertEquals(0.0, noColumns.total());
    }

    @Test
    void matchesBruteForceOnRandomMatrices() {
        Random random = new Random(20240531L);
        for (int trial = 0; trial < 400; trial++) {
            int rows = 1 + random.nextInt(7);
            int columns = 1 + random.nextInt(7);
            double[][] matrix = new double[rows][columns];
            for (double[] row : matrix) {
                for (int c = 0; c < columns; c++) {
                    // Small integers give plenty of ties; the rest are continuous.
                    row[c] = trial % 2 == 0 ? random.nextInt(5) : random.nextDouble() * 100 - 50;
                }
            }
            Assignment min = LinearAssignment.minimize(matrix);
            assertValidMatching(min, rows, columns);
            assertEquals(bruteForce(matrix, false), min.total(), 1e-9, "minimum for trial " + trial);
            assertEquals(sumAt(matrix, min), min.total(), 1e-9);

            Assignment max = LinearAssignment.maximize(matrix);
            assertValidMatching(max, rows, columns);
            assertEquals(bruteForce(matrix, true), max.total(), 1e-9, "maximum for trial " + trial);
        }
    }

    @Test
    void rejectsInvalidInput() {
        assertThrows(IllegalArgumentException.class, () -> LinearAssignment.minimize(null));
        assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.minimize(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.minimize(new double[][] {{1, 2}, null}));
        assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.minimize(new double[][] {{1, Double.NaN}}));
        assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.maximize(new double[][] {{Double.POSITIVE_INFINITY}}));
        assertThrows(IllegalArgumentException.class,
                () -> LinearAssignment.maximize(new double[][] {{1}, {Double.NEGATIVE_INFINITY}}));
    }

    @Test
    void inputIsNotModified() {
        double[][] cost = {{3, 1}, {2, 4}};
        LinearAssignment.maximize(cost);
        assertArrayEquals(new double[] {3, 1}, cost[0]);
        assertArrayEquals(new double[] {2, 4}, cost[1]);
    }

    private static void assertValidMatching(Assignment assignment, int rows, int columns) {
        assertEquals(rows, assignment.rows());
        Set<Integer> used = new HashSet<>();
        int matched = 0;
        for (int r = 0; r < rows; r++) {
            int c = assignment.columnOf(r);
            if (c == Assignment.UNMATCHED) {
                continue;
            }
            assertTrue(c >= 0 && c < columns, "column in range");
            assertTrue(used.add(c), "column " + c + " used twice");
            matched++;
        }
        assertEquals(Math.min(rows, columns), matched, "every row of the smaller side is matched");
    }

    private static double sumAt(double[][] matrix, Assignment assignment) {
        double sum = 0;
        for (int r = 0; r < matrix.length; r++) {
            if (assignment.columnOf(r) != Assignment.UNMATCHED) {
                sum += matrix[r][assignment.columnOf(r)];
            }
        }
        return sum;
    }

    /** Best total over every injective map from the smaller side into the larger one. */
    private static double bruteForce(double[][] matrix, boolean maximize) {
        int rows = matrix.length;
        int columns = matrix[0].length;
        boolean transposed = rows > columns;
        int small = Math.min(rows, columns);
        int large = Math.max(rows, columns);
        double[] best = {maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY};
        search(matrix, transposed, 0, small, new boolean[large], 0.0, maximize, best);
        return best[0];
    }

    private static void search(double[][] matrix, boolean transposed, int index, int small, boolean[] used,
            double partial, boolean maximize, double[] best) {
        if (index == small) {
            best[0] = maximize ? Math.max(best[0], partial) : Math.min(best[0], partial);
            return;
        }
        for (int other = 0; other < used.length; other++) {
            if (used[other]) {
                continue;
            }
            used[other] = true;
            double value = transposed ? matrix[other][index] : matrix[index][other];
            search(matrix, transposed, index + 1, small, used, partial + value, maximize, best);
            used[other] = false;
        }
    }
}
