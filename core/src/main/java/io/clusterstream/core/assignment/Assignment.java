package io.clusterstream.core.assignment;

import java.util.Arrays;

/**
 * The optimal matching found by {@link LinearAssignment}: which column each row was matched to, and the total
 * cost (or weight, for a maximisation) of the matched cells in the original matrix.
 */
public final class Assignment {

    /** Marks a row that was left unmatched because the matrix has more rows than columns. */
    public static final int UNMATCHED = -1;

    private final int[] columnByRow;
    private final double total;

    Assignment(int[] columnByRow, double total) {
        this.columnByRow = columnByRow;
        this.total = total;
    }

    /** Number of rows of the solved matrix. */
    public int rows() {
        return columnByRow.length;
    }

    /** The column matched to {@code row}, or {@link #UNMATCHED}. */
    public int columnOf(int row) {
        return columnByRow[row];
    }

    /** A copy of the row → column array; unmatched rows hold {@link #UNMATCHED}. */
    public int[] rowToColumn() {
        return columnByRow.clone();
    }

    /** Sum of the matrix entries at the matched cells. */
    public double total() {
        return total;
    }

    @Override
    public String toString() {
        return "Assignment" + Arrays.toString(columnByRow) + " total=" + total;
    }
}
