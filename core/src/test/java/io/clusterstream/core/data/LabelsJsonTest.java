package io.clusterstream.core.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsJsonTest {

    @Test
    void parsesArraysWithOrWithoutWhitespace() {
        assertArrayEquals(new int[] {3, 8, 8, 0}, LabelsJson.parse("[3,8,8,0]", "t"));
        assertArrayEquals(new int[] {12, 0}, LabelsJson.parse(" [ 12 ,\n 0 ]\n", "t"));
        assertArrayEquals(new int[0], LabelsJson.parse("[]", "t"));
    }

    @Test
    void rejectsMalformedContentNamingTheSource() {
        for (String bad : new String[] {"", "3,8", "[3,8", "[3,,8]", "[3,-1]", "[3.5]", "[1]x", "[99999999999]"}) {
            DataSetException error = assertThrows(DataSetException.class, () -> LabelsJson.parse(bad, "labels.json"),
                    bad);
            assertTrue(error.getMessage().startsWith("labels.json: "), error.getMessage());
        }
    }
}
