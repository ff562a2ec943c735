package io.clusterstream.local;

import io.clusterstream.schemas.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The local mode's Kafka: one combined KRaft broker and controller in this JVM, listening on loopback, with every
 * clusterstream topic created. Its log lives under the data folder for one run: each start formats it afresh. The test
 * kit binds the client port itself (a free one), so the address is printed and written to the data folder.
 */
public final class LocalKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private LocalKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /**
     * @param logDirectory folder for the broker's log (emptied first)
     * @param partitions   partitions of the images topic (the job's source parallelism)
     */
    public static LocalKafka start(Path logDirectory, int partitions) throws Exception {
        Folders.deleteRecursively(logDirectory);
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(logDirectory)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // Replayed images carry their original event times; nothing may expire while the demo runs.
                .setConfigProp("log.retention.ms", "-1")
                .build();
        LocalKafka kafka = new LocalKafka(cluster);
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            kafka.createTopics(partitions);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    private void createTopics(int imagePartitions) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.ALL) {
            NewTopic topic = new NewTopic(name, name.equals(Topics.IMAGES) ? imagePartitions : 1, (short) 1);
            if (Topics.COMPACTED.contains(name)) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(topic);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            awaitListed(admin, 60);
        }
    }

    /**
     * The controller acknowledges a creation before the broker's metadata shows it; on a loaded machine the first
     * listing can still be empty (seen in a CI run), so the clients the local mode starts next would find no topics.
     */
    private static void awaitListed(Admin admin, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Set<String> listed = admin.listTopics().names().get(60, TimeUnit.SECONDS);
        while (!listed.containsAll(Topics.ALL)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("topics missing " + timeoutSeconds + " s after creation: " + Topics.ALL + " vs " + listed);
            }
            Thread.sleep(100);
            listed = admin.listTopics().names().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
