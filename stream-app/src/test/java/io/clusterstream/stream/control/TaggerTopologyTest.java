package io.clusterstream.stream.control;

import static io.clusterstream.stream.control.ControlFixtures.MODEL;
import static io.clusterstream.stream.control.ControlFixtures.assignment;
import static io.clusterstream.stream.control.ControlFixtures.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clusterstream.schemas.v1.ClusterAssignment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaggerTopologyTest {

    @TempDir
    Path stateDir;

    private ControlTopologyTestSupport app;

    @BeforeEach
    void start() {
        app = new ControlTopologyTestSupport(ControlConfig.defaults(), stateDir);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aTagGivenBeforeTheAssignmentIsAddedAndTheEventIdIsTheKeyAgain() {
        app.send(tag(MODEL, "k1", "cats"));
        ClusterAssignment in = assignment("e1", MODEL, 1, 1, "k1");
        app.send(in);

        KeyValue<String, ClusterAssignment> out = app.tagged.readKeyValue();
        assertEquals("e1", out.key);
        assertEquals(Map.of("camera", "front", Tagger.TAG_ATTRIBUTE, "cats"), out.value.getAttributesMap());
        assertEquals(in.toBuilder().putAttributes(Tagger.TAG_ATTRIBUTE, "cats").build(), out.value,
                "nothing but the tag attribute changes");
        assertTrue(app.tagged.isEmpty());
    }

    @Test
    void untaggedAssignmentsPassThroughUnchanged() {
        app.send(tag(MODEL, "k1", "cats"));
        ClusterAssignment untagged = assignment("e1", MODEL, 1, 0, "k0");
        ClusterAssignment otherModel = assignment("e2", "fashion", 1, 1, "k1");
        app.send(untagged);
        app.send(otherModel);

        assertEquals(List.of(KeyValue.pair("e1", untagged), KeyValue.pair("e2", otherModel)),
                app.tagged.readKeyValuesToList());
    }

    @Test
    void aChangedTagAppliesToLaterAssignments() {
        app.send(tag(MODEL, "k1", "cats"));
        app.send(assignment("e1", MODEL, 1, 1, "k1"));
        app.send(tag(MODEL, "k1", "kittens"));
        app.send(assignment("e2", MODEL, 1, 1, "k1"));

        assertEquals(List.of("cats", "kittens"), tags(app.tagged.readValuesToList()));
    }

    @Test
    void aRemovedTagLeavesLaterAssignmentsUntagged() {
        app.send(tag(MODEL, "k1", "cats"));
        app.send(assignment("e1", MODEL, 1, 1, "k1"));
        app.removeTag(MODEL, "k1");
        app.send(assignment("e2", MODEL, 1, 1, "k1"));

        List<ClusterAssignment> out = app.tagged.readValuesToList();
        assertEquals("cats", Tagger.tagOf(out.get(0)));
        assertFalse(out.get(1).containsAttributes(Tagger.TAG_ATTRIBUTE));
    }

    @Test
    void anImageAttributeNamedTagIsNotMistakenForTheClusterTag() {
        app.send(assignment("e1", MODEL, 1, 1, "k1").toBuilder().putAttributes(Tagger.TAG_ATTRIBUTE, "mine").build());

        assertFalse(app.tagged.readValue().containsAttributes(Tagger.TAG_ATTRIBUTE));
    }

    @Test
    void aTagSurvivesARefitThatKeepsTheClusterKey() {
        app.send(tag(MODEL, "k1", "cats"));
        app.send(assignment("e1", MODEL, 1, 1, "k1"));
        // Version 2 permuted the clusters: the same visual group now has index 4 but keeps its key.
        app.send(assignment("e2", MODEL, 2, 4, "k1"));

        List<ClusterAssignment> out = app.tagged.readValuesToList();
        assertEquals(List.of("cats", "cats"), tags(out));
        assertEquals(2, out.get(1).getModel().getVersion());
        assertEquals(4, out.get(1).getClusterId());
    }

    private static List<String> tags(List<ClusterAssignment> assignments) {
        return assignments.stream().map(Tagger::tagOf).toList();
    }
}
