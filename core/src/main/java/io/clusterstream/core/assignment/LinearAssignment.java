package io.clusterstream.core.assignment;

import java.util.Arrays;

/**
 * Solves the linear assignment problem (Kuhn–Munkres) in O(n²·m) time for an n×m matrix with n ≤ m, using
 * row/column potentials and shortest augmenting paths.
 *
 * <p>Rectangular matrices are supported without padding: every row of the smaller side is matched to a distinct
 * column of the larger side. When there are more rows than columns, the surplus rows are {@link
 * Assignment#UNMATCHED}. Ties are broken deterministically but arbitrarily; only the total is guaranteed optimal.
 */
public final class LinearAssignment {

    private LinearAssignment() {
    }

    /**
     * Finds the matching that minimises the total cost.
     *
     * @param cost a rectangular matrix of finite values; may have zero rows or zero columns
     * @throws IllegalArgumentException if the matrix is null, ragged, or holds NaN or infinite values
     */
    public static Assignment minimize(double[][] cost) {
        int columns = validatedColumnCount(cost);
        return solve(cost, columns, false);
    }

    /**
     * Finds the matching that maximises the total weight, e.g. the agreement on a contingency table.
     *
     * @param weight a rectangular matrix of finite values; may have zero rows or zero columns
     * @throws IllegalArgumentException if the matrix is null, ragged, or holds NaN or infinite values
     */
    public static Assignment maximize(double[][] weight) {
        int columns = validatedColumnCount(weight);
        return solve(weight, columns, true);
    }

    private static int validatedColumnCount(double[][] matrix) {
        if (matrix == null) {
            throw new IllegalArgumentException("matrix must not be null");
        }
        if (matrix.length == 0) {
            return 0;
        }
        int columns = -1;
        for (int r = 0; r < matrix.length; r++) {
            double[] row = matrix[r];
            if (row == null) {
                throw new IllegalArgumentException("row " + r + " is null");
            }
            if (columns < 0) {
                columns = row.length;
            } else if (row.length != columns) {
                throw new IllegalArgumentException(
                        "ragged matrix: row " + r + " has " + row.length + " columns, row 0 has " + columns);
            }
            for (int c = 0; c < row.length; c++) {
                if (!Double.isFinite(row[c])) {
                    throw new IllegalArgumentException("non-finite value " + row[c] + " at [" + r + "][" + c + "]");
                }
            }
        }
        return columns;
    }

    private static Assignment solve(double[][] matrix, int columns, boolean maximize) {
        int rows = matrix.length;
        int[] columnByRow = new int[rows];
        Arrays.fill(columnByRow, Assignment.UNMATCHED);
        if (rows == 0 || columns == 0) {
            return new Assignment(columnByRow, 0.0);
        }
        // The solver needs at least as many columns as rows; otherwise solve the transpose.
        boolean transposed = rows > columns;
        int n = transposed ? columns : rows;
        int m = transposed ? rows : columns;
        double[][] cost = new double[n][m];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double value = maximize ? -matrix[r][c] : matrix[r][c];
                if (transposed) {
                    cost[c][r] = value;
                } else {
                    cost[r][c] = value;
                }
            }
        }
        int[] columnBySolverRow = shortestAugmentingPaths(cost, n, m);
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            int j = columnBySolverRow[i];
            int row = transposed ? j : i;
            int column = transposed ? i : j;
            columnByRow[row] = column;
            total += matrix[row][column];
        }
        return new Assignment(columnByRow, total);
    }

    /**
     * Core solver for n ≤ m. Indices are 1-based inside, with row 0 / column 0 acting as the virtual source of each
     * augmenting path; {@code rowOfColumn[j]} is the row currently matched to column j (0 = free).
     */
    private static int[] shortestAugmentingPaths(double[][] cost, int n, int m) {
        double[] rowPotential = new double[n + 1];
        double[] columnPotential = new double[m + 1];
        int[] rowOfColumn = new int[m + 1];
        int[] previousColumn = new int[m + 1];
        double[] minSlack = new double[m + 1];
        boolean[] visited = new boolean[m + 1];

        for (int i = 1; i <= n; i++) {
            rowOfColumn[0] = i;
            int currentColumn = 0;
            Arrays.fill(minSlack, Double.POSITIVE_INFINITY);
            Arrays.fill(visited, false);
            do {
                visited[currentColumn] = true;
                int row = rowOfColumn[currentColumn];
                double delta = Double.POSITIVE_INFINITY;
                int nextColumn = -1;
                for (int j = 1; j <= m; j++) {
                    if (visited[j]) {
                        continue;
                    }
                    double slack = cost[row - 1][j - 1] - rowPotential[row] - columnPotential[j];
                    if (slack < minSlack[j]) {
                        minSlack[j] = slack;
                        previousColumn[j] = currentColumn;
                    }
                    if (minSlack[j] < delta) {
                        delta = minSlack[j];
                        nextColumn = j;
                    }
                }
                if (nextColumn < 0 || !Double.isFinite(delta)) {
                    // Only reachable when potentials overflow, i.e. costs near Double.MAX_VALUE.
                    throw new IllegalArgumentException("cost magnitudes too large to solve in double precision");
                }
                for (int j = 0; j <= m; j++) {
                    if (visited[j]) {
                        rowPotential[rowOfColumn[j]] += delta;
                        columnPotential[j] -= delta;
                    } else {
                        minSlack[j] -= delta;
                    }
                }
                currentColumn = nextColumn;
            } while (rowOfColumn[currentColumn] != 0);
            // Flip the matching along the augmenting path back to the source.
            do {
                int previous = previousColumn[currentColumn];
                rowOfColumn[currentColumn] = rowOfColumn[previous];
                currentColumn = previous;
            } while (currentColumn != 0);
        }

        int[] columnOfRow = new int[n];
        for (int j = 1; j <= m; j++) {
            if (rowOfColumn[j] != 0) {
                columnOfRow[rowOfColumn[j] - 1] = j - 1;
            }
        }
        return columnOfRow;
    }
}
