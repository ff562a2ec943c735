package io.clusterstream.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ContingencyTableTest {

    @Test
    void mapsSparseLabelsToSortedIndices() {
        ContingencyTable table = ContingencyTable.of(new int[] {7, 7, 3, 1000}, new int[] {42, 5, 5, 42});

        assertEquals(3, table.numClasses());
        assertEquals(2, table.numClusters());
        assertEquals(3, table.classLabel(0));
        assertEquals(7, table.classLabel(1));
        assertEquals(1000, table.classLabel(2));
        assertEquals(5, table.clusterLabel(0));
        assertEquals(42, table.clusterLabel(1));

        assertEquals(1, table.count(0, 0));
        assertEquals(1, table.count(1, 0));
        assertEquals(1, table.count(1, 1));
        assertEquals(0, table.count(2, 0));
        assertEquals(1, table.count(2, 1));
        assertEquals(2, table.classTotal(1));
        assertEquals(2, table.clusterTotal(1));
        assertEquals(4, table.total());
    }

    @Test
    void exposesCountsAsMatrix() {
        ContingencyTable table = ContingencyTable.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {1, 1, 0, 2, 2, 2});
        double[][] matrix = table.toMatrix();
        assertArrayEquals(new double[] {0, 2, 0}, matrix[0]);
        assertArrayEquals(new double[] {1, 0, 1}, matrix[1]);
        assertArrayEquals(new double[] {0, 0, 2}, matrix[2]);
    }
}
