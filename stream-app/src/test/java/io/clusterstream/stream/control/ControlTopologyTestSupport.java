package io.clusterstream.stream.control;

import io.clusterstream.schemas.v1.ClusterAssignment;
import io.clusterstream.schemas.v1.ClusterTag;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.RefitRequest;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** {@link ControlTopology} in a {@link TopologyTestDriver}, with its topics. */
final class ControlTopologyTestSupport implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, ClusterAssignment> assignments;
    final TestInputTopic<String, ClusterTag> tags;
    final TestInputTopic<String, DriftReport> drift;
    final TestOutputTopic<String, ClusterAssignment> tagged;
    final TestOutputTopic<String, RefitRequest> refitRequests;

    ControlTopologyTestSupport(ControlConfig config, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "control-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ControlTopology.build(config), props);
        ControlConfig.TopicNames topics = config.topics();
        StringSerializer keys = new StringSerializer();
        assignments = driver.createInputTopic(topics.assignments(), keys, ControlTopology.ASSIGNMENT_SERDE.serializer());
        tags = driver.createInputTopic(topics.tags(), keys, ControlTopology.TAG_SERDE.serializer());
        drift = driver.createInputTopic(topics.drift(), keys, ControlTopology.DRIFT_SERDE.serializer());
        tagged = driver.createOutputTopic(topics.tagged(), new StringDeserializer(),
                ControlTopology.ASSIGNMENT_SERDE.deserializer());
        refitRequests = driver.createOutputTopic(topics.refitRequests(), new StringDeserializer(),
                ControlTopology.REFIT_SERDE.deserializer());
    }

    void send(ClusterAssignment assignment) {
        assignments.pipeInput(assignment.getEventId(), assignment);
    }

    void send(ClusterTag tag) {
        tags.pipeInput(Tagger.tagKey(tag.getModelId(), tag.getClusterKey()), tag);
    }

    void removeTag(String modelId, String clusterKey) {
        tags.pipeInput(Tagger.tagKey(modelId, clusterKey), null);
    }

    void send(DriftReport report) {
        drift.pipeInput(report.getModel().getModelId(), report, report.getWindowEndMs());
    }

    @Override
    public void close() {
        driver.close();
    }
}
