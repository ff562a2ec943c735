package io.clusterstream.core.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityGateTest {

    private static final QualityGate GATE = QualityGate.defaults();

    private static long[] balanced(int k, long each) {
        long[] sizes = new long[k];
        Arrays.fill(sizes, each);
        return sizes;
    }

    @Test
    void aBalancedModelIsAccepted() {
        GateDecision decision = GATE.evaluate(balanced(10, 100), OptionalDouble.of(0.9), true);

        assertTrue(decision.accepted());
        assertEquals(List.of(), decision.reasons());
        assertEquals("accepted", decision.summary());
    }

    @Test
    void aCollapsedModelIsRejectedNamingTheShare() {
        long[] sizes = {9_000, 200, 100, 100, 100, 100, 100, 100, 100, 100};

        GateDecision decision = GATE.evaluate(sizes, OptionalDouble.empty(), false);

        assertFalse(decision.accepted());
        assertEquals(1, decision.reasons().size(), decision.reasons().toString());
        String reason = decision.reasons().get(0);
        assertTrue(reason.contains("cluster 0"), reason);
        assertTrue(reason.contains("90.0%"), reason);
        assertTrue(reason.contains("maximum cluster share of 50.0%"), reason);
    }

    @Test
    void theMaximumShareIsConfigurable() {
        long[] sizes = {40, 20, 20, 20};
        assertTrue(GATE.evaluate(sizes, OptionalDouble.empty(), false).accepted());

        GateDecision strict = GATE.withMaxClusterShare(0.3).evaluate(sizes, OptionalDouble.empty(), false);
        assertFalse(strict.accepted());
        assertTrue(strict.reasons().get(0).contains("40.0%"), strict.reasons().toString());
    }

    @Test
    void tooManyEmptyClustersAreRejected() {
        // K = 10 needs ceil(10 / 2) = 5 non-empty clusters.
        long[] four = {25, 25, 25, 25, 0, 0, 0, 0, 0, 0};
        long[] five = {20, 20, 20, 20, 20, 0, 0, 0, 0, 0};

        GateDecision rejected = GATE.evaluate(four, OptionalDouble.empty(), false);
        assertFalse(rejected.accepted());
        assertEquals(1, rejected.reasons().size(), rejected.reasons().toString());
        assertTrue(rejected.reasons().get(0).contains("only 4 of 10 clusters are non-empty"), rejected.reasons().toString());
        assertTrue(GATE.evaluate(five, OptionalDouble.empty(), false).accepted());

        assertTrue(GATE.withMinNonEmptyClusters(4).evaluate(four, OptionalDouble.empty(), false).accepted());
        assertEquals(3, GATE.minNonEmptyClusters(5), "ceil(5 / 2)");
        assertEquals(5, GATE.minNonEmptyClusters(10));
        assertEquals(7, GATE.withMinNonEmptyClusters(7).minNonEmptyClusters(10));
    }

    @Test
    void lowAgreementIsRejectedOnlyWhenDriftWasLow() {
        long[] sizes = balanced(10, 100);

        GateDecision lowDrift = GATE.evaluate(sizes, OptionalDouble.of(0.2), true);
        assertFalse(lowDrift.accepted());
        assertTrue(lowDrift.reasons().get(0).contains("agreement with the parent model is 0.200"), lowDrift.reasons().toString());

        assertTrue(GATE.evaluate(sizes, OptionalDouble.of(0.2), false).accepted(), "high drift excuses a re-cut");
        assertTrue(GATE.evaluate(sizes, OptionalDouble.empty(), true).accepted(), "a first model has no parent");
        assertTrue(GATE.evaluate(sizes, OptionalDouble.of(0.3), true).accepted(), "the minimum itself passes");
        assertFalse(GATE.withMinAgreement(0.5).evaluate(sizes, OptionalDouble.of(0.4), true).accepted());
    }

    @Test
    void everyFailedCheckIsReported() {
        long[] sizes = {95, 5, 0, 0, 0, 0};

        GateDecision decision = GATE.evaluate(sizes, OptionalDouble.of(0.1), true);

        assertFalse(decision.accepted());
        assertEquals(3, decision.reasons().size(), decision.reasons().toString());
        assertEquals(String.join("; ", decision.reasons()), decision.summary());
    }

    @Test
    void evaluatesLabelsWithTheirAlignment() {
        int k = 10;
        Random random = new Random(3);
        int[] parent = random.ints(3_000, 0, k).toArray();
        int[] child = random.ints(3_000, 0, k).toArray();
        AlignmentResult unrelated = ClusterAlignment.align(parent, child, k, k, Labelings.keys(k, "k"), 2);

        GateDecision lowDrift = GATE.evaluate(child, k, unrelated, true);
        assertFalse(lowDrift.accepted());
        assertEquals(1, lowDrift.reasons().size(), lowDrift.reasons().toString());
        assertTrue(GATE.evaluate(child, k, unrelated, false).accepted());
        assertTrue(GATE.evaluate(child, k, null, true).accepted());
        assertFalse(GATE.evaluate(unrelated, true).accepted());

        int[] collapsed = new int[100];
        collapsed[99] = 1;
        GateDecision decision = GATE.evaluate(collapsed, 2, null, false);
        assertFalse(decision.accepted());
        assertTrue(decision.reasons().get(0).contains("99.0%"), decision.reasons().toString());
    }

    @Test
    void degenerateInputIsRejectedOrRefused() {
        assertFalse(GATE.evaluate(new long[0], OptionalDouble.empty(), false).accepted());
        assertFalse(GATE.evaluate(new long[3], OptionalDouble.empty(), false).accepted());
        assertThrows(IllegalArgumentException.class, () -> GATE.evaluate(new int[] {0, 3}, 2, null, false));
        assertThrows(IllegalArgumentException.class, () -> GATE.evaluate(new long[] {-1, 2}, OptionalDouble.empty(), false));
        assertThrows(IllegalArgumentException.class, () -> GATE.withMaxClusterShare(0));
        assertThrows(IllegalArgumentException.class, () -> GATE.withMinAgreement(1.5));
        assertThrows(IllegalArgumentException.class, () -> GATE.withMinNonEmptyClusters(-1));
        assertThrows(IllegalArgumentException.class, () -> new GateDecision(true, List.of("why")));
        assertThrows(IllegalArgumentException.class, () -> new GateDecision(false, List.of()));
    }
}
