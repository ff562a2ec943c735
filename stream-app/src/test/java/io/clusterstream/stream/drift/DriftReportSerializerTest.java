package io.clusterstream.stream.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clusterstream.schemas.v1.ClusterShare;
import io.clusterstream.schemas.v1.DriftReport;
import io.clusterstream.schemas.v1.DriftStatistics;
import io.clusterstream.schemas.v1.ModelRef;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DriftReportSerializerTest {

    private static DriftReportRecord record() {
        DriftReportRecord record = new DriftReportRecord();
        record.modelId = "cifar10-cc";
        record.version = 7;
        record.windowStartMs = 120_000;
        record.windowEndMs = 180_000;
        record.source = "camera-1";
        record.count = 40;
        record.clusterKeys = new String[] {"c-a", "c-b"};
        record.clusterCounts = new long[] {30, 10};
        record.proportions = new double[] {0.75, 0.25};
        record.referenceProportions = new double[] {0.5, 0.5};
        record.jsDivergence = 0.0337;
        record.psi = 0.1386;
        record.meanConfidence = 0.81;
        record.meanEntropy = 0.42;
        record.noveltyRate = 0.05;
        record.embeddingMeanShift = Double.NaN;
        record.alert = true;
        record.alertReason = "cluster mix w=0.500 > 0.300";
        record.emittedTimeMs = 181_234;
        return record;
    }

    private static DriftReport expected() {
        return DriftReport.newBuilder()
                .setModel(ModelRef.newBuilder().setModelId("cifar10-cc").setVersion(7))
                .setWindowStartMs(120_000)
                .setWindowEndMs(180_000)
                .setSource("camera-1")
                .setCount(40)
                .addClusters(ClusterShare.newBuilder()
                        .setClusterId(0).setClusterKey("c-a").setCount(30).setProportion(0.75).setReferenceProportion(0.5))
                .addClusters(ClusterShare.newBuilder()
                        .setClusterId(1).setClusterKey("c-b").setCount(10).setProportion(0.25).setReferenceProportion(0.5))
                .setStatistics(DriftStatistics.newBuilder()
                        .setJsDivergence(0.0337)
                        .setPsi(0.1386)
                        .setMeanConfidence(0.81)
                        .setMeanEntropy(0.42)
                        .setNoveltyRate(0.05)
                        .setEmbeddingMeanShift(Double.NaN))
                .setAlert(true)
                .setAlertReason("cluster mix w=0.500 > 0.300")
                .setEmittedTimeMs(181_234)
                .build();
    }

    @Test
    void aReportBecomesTheDriftReportProto() {
        assertEquals(expected(), DriftReports.toProto(record()));
    }

    @Test
    void theKafkaRecordIsKeyedByModelAndStampedWithTheEmissionTime() throws Exception {
        ProducerRecord<byte[], byte[]> produced = new DriftReportSerializer().serialize(record(), null, 999L);

        assertEquals("clusterstream.drift", produced.topic());
        assertNull(produced.partition());
        assertArrayEquals("cifar10-cc".getBytes(StandardCharsets.UTF_8), produced.key());
        assertEquals(181_234L, produced.timestamp());
        assertEquals(expected(), DriftReport.parseFrom(produced.value()));
    }

    @Test
    void theTopicIsConfigurable() {
        assertEquals("drift-test", new DriftReportSerializer("drift-test").serialize(record(), null, null).topic());
    }

    @Test
    void missingStringsBecomeEmpty() {
        DriftReportRecord record = record();
        record.source = null;
        record.alertReason = null;
        record.clusterKeys = new String[] {null, "c-b"};
        DriftReport report = DriftReports.toProto(record);
        assertEquals("", report.getSource());
        assertEquals("", report.getAlertReason());
        assertEquals("", report.getClusters(0).getClusterKey());
    }
}
