package io.clusterstream.trainer.testing;

import com.google.protobuf.ByteString;
import io.clusterstream.core.fixtures.CifarFixture;
import io.clusterstream.schemas.v1.EncodedImage;
import io.clusterstream.schemas.v1.ImageEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A one-node KRaft Kafka in this JVM for the trainer's integration tests, with topic creation. */
public final class InProcessKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private InProcessKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static InProcessKafka start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new InProcessKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopics(int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** A producer of raw bytes to this broker. */
    public KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Writes core's 300 CIFAR-10 fixture images to {@code topic} as labelled PNG {@code ImageEvent}s keyed by their event
     * ids {@code img-<i>}, event times 1,700,000,000,000 ms + i.
     */
    public void sendFixtureImages(String topic) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < CifarFixture.SIZE; i++) {
                ImageEvent event = ImageEvent.newBuilder().setEventId("img-" + i).setEventTimeMs(1_700_000_000_000L + i)
                        .setEncoded(EncodedImage.newBuilder().setData(ByteString.copyFrom(CifarFixture.pngBytes(i))))
                        .setLabel(CifarFixture.label(i)).build();
                producer.send(new ProducerRecord<>(topic, ("img-" + i).getBytes(StandardCharsets.UTF_8), event.toByteArray()));
            }
            producer.flush();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
