package io.clusterstream.core.alignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.core.baseline.ClusterKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterAlignmentTest {

    private static final long CHILD_VERSION = 7;

    @Test
    void aPermutedCopyAlignsBackToTheParentKeysWithFullAgreement() {
        int k = 10;
        Random random = new Random(42);
        int[] parent = random.ints(2_000, 0, k).toArray();
        List<Integer> permutation = new ArrayList<>();
        for (int p = 0; p < k; p++) {
            permutation.add(p);
        }
        Collections.shuffle(permutation, random);
        int[] child = Arrays.stream(parent).map(permutation::get).toArray();
        List<String> parentKeys = Labelings.keys(k, "c@v1#");

        AlignmentResult result = ClusterAlignment.align(parent, child, k, k, parentKeys, CHILD_VERSION, AlignmentPolicy.DEFAULTS);

        for (int p = 0; p < k; p++) {
            int c = permutation.get(p);
            assertEquals(parentKeys.get(p), result.childKeys()[c], "key of child cluster " + c);
            assertEquals(p, result.parentOf()[c]);
            assertEquals(1.0, result.overlaps()[c], 1e-15);
        }
        assertEquals(0, result.newClusterCount());
        assertEquals(1.0, result.agreement(), 1e-15);
        assertEquals(2_000, result.sampleSize());
    }

    @Test
    void aSplitParentKeepsItsKeyOnTheLargerPartAndTheSmallerPartIsNew() {
        // Parent cluster 2 splits 30 / 70 into child clusters 2 and 3; the larger part (3) keeps the key.
        Labelings l = new Labelings().block(0, 0, 100).block(1, 1, 100).block(2, 2, 30).block(2, 3, 70);
        List<String> parentKeys = List.of("a", "b", "c");

        AlignmentResult result = ClusterAlignment.align(l.parentLabels(), l.childLabels(), 3, 4, parentKeys, CHILD_VERSION);

        assertArrayEquals(new String[] {"a", "b", ClusterKeys.fresh(CHILD_VERSION, 2), "c"}, result.childKeys());
        assertArrayEquals(new int[] {0, 1, AlignmentResult.NEW_CLUSTER, 2}, result.parentOf());
        assertEquals(1, result.newClusterCount());
        assertTrue(result.isNew(2));
        assertEquals(270.0 / 300, result.agreement(), 1e-12);
    }

    @Test
    void aSplitWithTheSameKLosesTheKeyOnlyOnTheSmallerPart() {
        // Parents 0 and 1 merge into child 0, parent 2 splits 70 / 30 into children 1 and 2.
        Labelings l = new Labelings().block(0, 0, 100).block(1, 0, 50).block(2, 1, 70).block(2, 2, 30);

        AlignmentResult result = ClusterAlignment.align(l.parentLabels(), l.childLabels(), 3, 3, List.of("a", "b", "c"), CHILD_VERSION);

        assertArrayEquals(new String[] {"a", "c", ClusterKeys.fresh(CHILD_VERSION, 2)}, result.childKeys());
        assertEquals(1, result.newClusterCount());
    }

    @Test
    void aMergeKeepsOneKeyAndTheUnmatchedParentKeyIsGone() {
        // Child 0 = parents 0 (100) and 1 (60); child 1 = parent 2.
        Labelings l = new Labelings().block(0, 0, 100).block(1, 0, 60).block(2, 1, 100);

        AlignmentResult result = ClusterAlignment.align(l.parentLabels(), l.childLabels(), 3, 2, List.of("a", "b", "c"), CHILD_VERSION);

        assertArrayEquals(new String[] {"a", "c"}, result.childKeys());
        assertArrayEquals(new int[] {0, 2}, result.parentOf());
        assertFalse(result.childKeyList().contains("b"));
        assertEquals(100.0 / 160, result.overlaps()[0], 1e-12);
        assertEquals(200.0 / 260, result.agreement(), 1e-12);
    }

    @Test
    void fewerChildThanParentClustersRetiresTheUnmatchedParentKeys() {
        // Parents 0..11, children 0..9: parents 10 and 11 fold into children 0 and 1 as minorities.
        int parentK = 12;
        int childK = 10;
        Labelings l = new Labelings();
        for (int c = 0; c < childK; c++) {
            l.block(c, c, 100);
        }
        l.block(10, 0, 40).block(11, 1, 40);
        List<String> parentKeys = Labelings.keys(parentK, "k");

        AlignmentResult result = ClusterAlignment.align(l.parentLabels(), l.childLabels(), parentK, childK, parentKeys, CHILD_VERSION);

        assertEquals(parentKeys.subList(0, childK), result.childKeyList());
        assertEquals(0, result.newClusterCount());
        assertFalse(result.childKeyList().contains("k10"));
        assertFalse(result.childKeyList().contains("k11"));
        assertEquals(1000.0 / 1080, result.agreement(), 1e-12);
    }

    @Test
    void anUnrelatedRandomLabellingMintsNewKeysForEveryCluster() {
        int k = 10;
        Random random = new Random(7);
        int[] parent = random.ints(5_000, 0, k).toArray();
        int[] child = random.ints(5_000, 0, k).toArray();

        AlignmentResult result = ClusterAlignment.align(parent, child, k, k, Labelings.keys(k, "p"), CHILD_VERSION);

        for (int c = 0; c < k; c++) {
            assertEquals(ClusterKeys.fresh(CHILD_VERSION, c), result.childKeys()[c]);
            assertEquals(AlignmentResult.NEW_CLUSTER, result.parentOf()[c]);
            assertTrue(result.overlaps()[c] < 0.5, "overlap " + result.overlaps()[c]);
        }
        assertEquals(k, result.newClusterCount());
        assertTrue(result.agreement() > 0.1 && result.agreement() < 0.2, "agreement " + result.agreement());
    }

    @Test
    void rectangularTwelveChildClustersAgainstTenParents() {
        // Parents 0..7 map one-to-one onto children 7..0; parent 8 splits 60/40 into children 8 and 10, parent 9
        // splits 45/55 into children 9 and 11.
        Labelings l = new Labelings();
        for (int p = 0; p < 8; p++) {
            l.block(p, 7 - p, 100);
        }
        l.block(8, 8, 60).block(8, 10, 40).block(9, 9, 45).block(9, 11, 55);
        List<String> parentKeys = Labelings.keys(10, "k");

        AlignmentResult result = ClusterAlignment.align(l.parentLabels(), l.childLabels(), 10, 12, parentKeys, CHILD_VERSION);

        String[] keys = result.childKeys();
        assertEquals(12, keys.length);
        for (int p = 0; p < 8; p++) {
            assertEquals("k" + p, keys[7 - p]);
        }
        assertEquals("k8", keys[8]);
        assertEquals(ClusterKeys.fresh(CHILD_VERSION, 9), keys[9]);
        assertEquals(ClusterKeys.fresh(CHILD_VERSION, 10), keys[10]);
        assertEquals("k9", keys[11]);
        assertEquals(2, result.newClusterCount());
        assertEquals(AlignmentResult.NEW_CLUSTER, result.matchedParentOf()[10], "more children than parents: unmatched");
        assertEquals(new HashSet<>(Arrays.asList(keys)).size(), 12, "keys are unique");
        assertEquals((800 + 60 + 55) / 1000.0, result.agreement(), 1e-12);
    }

    @Test
    void emptyClustersGetNewKeysAndEmptyParentsPassNothingOn() {
        // Parent cluster 3 is empty; child clusters 2 and 4 are empty.
        Labelings l = new Labelings().block(0, 0, 50).block(1, 1, 50).block(2, 3, 50);

        AlignmentResult result = ClusterAlignment.align(l.parentLabels(), l.childLabels(), 4, 5, Labelings.keys(4, "k"), CHILD_VERSION);

        assertArrayEquals(new String[] {"k0", "k1", ClusterKeys.fresh(CHILD_VERSION, 2), "k2", ClusterKeys.fresh(CHILD_VERSION, 4)},
                result.childKeys());
        assertArrayEquals(new int[] {0, 1, -1, 2, -1}, result.parentOf());
        assertEquals(0.0, result.overlaps()[2]);
        assertEquals(0.0, result.overlaps()[4]);
        assertArrayEquals(new long[] {50, 50, 0, 50, 0}, result.childSizes());
        assertArrayEquals(new long[] {50, 50, 50, 0}, result.parentSizes());
        assertEquals(1.0, result.agreement(), 1e-15);
    }

    @Test
    void anEmptySampleMintsNewKeysWithZeroAgreement() {
        AlignmentResult result = ClusterAlignment.align(new int[0], new int[0], 2, 3, List.of("a", "b"), CHILD_VERSION);

        assertEquals(3, result.newClusterCount());
        assertEquals(0.0, result.agreement());
        assertEquals(0, result.sampleSize());
    }

    @Test
    void agreementAndOverlapsOnAHandExample() {
        int[] parent = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2};
        int[] child = {1, 1, 0, 0, 0, 2, 2, 2, 1, 2};
        // Contingency (child x parent): c0 = [1, 2, 0], c1 = [2, 0, 1], c2 = [0, 0, 4].
        // Best matching c0->p1, c1->p0, c2->p2 agrees on 2 + 2 + 4 = 8 of 10 images.
        AlignmentResult result = ClusterAlignment.align(parent, child, 3, 3, List.of("a", "b", "c"), CHILD_VERSION);

        assertEquals(0.8, result.agreement(), 1e-12);
        assertArrayEquals(new int[] {1, 0, 2}, result.parentOf());
        assertArrayEquals(new String[] {"b", "a", "c"}, result.childKeys());
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3, 1.0}, result.overlaps(), 1e-12);

        // A stricter overlap threshold makes c0 and c1 new; the agreement of the matching does not change.
        AlignmentResult strict = ClusterAlignment.align(parent, child, 3, 3, List.of("a", "b", "c"), CHILD_VERSION,
                AlignmentPolicy.DEFAULTS.withMinOverlap(0.7));
        assertArrayEquals(new int[] {-1, -1, 2}, strict.parentOf());
        assertArrayEquals(new int[] {1, 0, 2}, strict.matchedParentOf());
        assertArrayEquals(new String[] {ClusterKeys.fresh(CHILD_VERSION, 0), ClusterKeys.fresh(CHILD_VERSION, 1), "c"},
                strict.childKeys());
        assertEquals(0.8, strict.agreement(), 1e-12);
    }

    @Test
    void aMatchThatTakesOnlyASliverOfItsParentGetsANewKey() {
        // Child 0 = all of parent 0 and 90 of parent 1; child 1 = the other 10 of parent 1. The optimum matches
        // child 1 to parent 1 (overlap 1.0), but 10 images are only 10% of parent 1, below minShareOfParent 0.3.
        Labelings l = new Labelings().block(0, 0, 100).block(1, 0, 90).block(1, 1, 10);

        AlignmentResult result = ClusterAlignment.align(l.parentLabels(), l.childLabels(), 2, 2, List.of("a", "b"), CHILD_VERSION);

        assertArrayEquals(new int[] {0, 1}, result.matchedParentOf());
        assertArrayEquals(new String[] {"a", ClusterKeys.fresh(CHILD_VERSION, 1)}, result.childKeys());
        assertEquals(1.0, result.overlaps()[1]);

        AlignmentResult lenient = ClusterAlignment.align(l.parentLabels(), l.childLabels(), 2, 2, List.of("a", "b"), CHILD_VERSION,
                AlignmentPolicy.DEFAULTS.withMinShareOfParent(0.1));
        assertArrayEquals(new String[] {"a", "b"}, lenient.childKeys());
    }

    @Test
    void blankParentKeysAreNeverInherited() {
        Labelings l = new Labelings().block(0, 0, 10).block(1, 1, 10);

        AlignmentResult result = ClusterAlignment.align(l.parentLabels(), l.childLabels(), 2, 2, List.of("a", ""), CHILD_VERSION);

        assertArrayEquals(new String[] {"a", ClusterKeys.fresh(CHILD_VERSION, 1)}, result.childKeys());
    }

    @Test
    void rejectsInconsistentInput() {
        List<String> keys = List.of("a", "b");
        assertThrows(IllegalArgumentException.class,
                () -> ClusterAlignment.align(new int[] {0, 1}, new int[] {0}, 2, 2, keys, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClusterAlignment.align(new int[] {0, 2}, new int[] {0, 1}, 2, 2, keys, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClusterAlignment.align(new int[] {0, 1}, new int[] {0, -1}, 2, 2, keys, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClusterAlignment.align(new int[] {0, 1}, new int[] {0, 1}, 2, 2, List.of("a"), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClusterAlignment.align(new int[] {0, 1}, new int[] {0, 1}, 2, 2, List.of("a", "a"), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ClusterAlignment.align(null, new int[] {0, 1}, 2, 2, keys, 1));
        assertThrows(IllegalArgumentException.class, () -> new AlignmentPolicy(1.5, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new AlignmentPolicy(0.5, Double.NaN));
    }

    @Test
    void rejectsANewKeyThatCollidesWithAnInheritedOne() {
        // Child 0 inherits c1@v1 from parent 1; child 1 is new and, with child version 1, would also be c1@v1.
        Labelings l = new Labelings().block(1, 0, 100).block(0, 1, 10).block(1, 1, 10);
        List<String> parentKeys = List.of(ClusterKeys.fresh(1, 0), ClusterKeys.fresh(1, 1));

        assertThrows(IllegalArgumentException.class,
                () -> ClusterAlignment.align(l.parentLabels(), l.childLabels(), 2, 2, parentKeys, 1, AlignmentPolicy.DEFAULTS
                        .withMinOverlap(0.6)));
        Set<String> keys = new HashSet<>(ClusterAlignment.align(l.parentLabels(), l.childLabels(), 2, 2, parentKeys, 2,
                AlignmentPolicy.DEFAULTS.withMinOverlap(0.6)).childKeyList());
        assertEquals(Set.of(ClusterKeys.fresh(1, 1), ClusterKeys.fresh(2, 1)), keys);
    }
}
