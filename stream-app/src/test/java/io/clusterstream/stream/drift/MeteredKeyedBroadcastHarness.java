package io.clusterstream.stream.drift;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * Flink's keyed broadcast operator harness, plus access to the metrics the function registers: Flink's own
 * {@code KeyedBroadcastOperatorTestHarness} builds its environment with metric groups that forget what is
 * registered in them, and offers no way to pass another.
 */
final class MeteredKeyedBroadcastHarness<K, IN1, IN2, OUT> extends AbstractStreamOperatorTestHarness<OUT> {

    private final CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> operator;
    private final InterceptingOperatorMetricGroup metrics;
    private final MockEnvironment environment;

    private MeteredKeyedBroadcastHarness(
            CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> operator,
            KeySelector<IN1, K> keySelector,
            TypeInformation<K> keyType,
            OperatorMetrics metrics)
            throws Exception {
        this(operator, keySelector, keyType, metrics, new MockEnvironmentBuilder()
                .setTaskName("MockTask")
                .setManagedMemorySize(3 * 1024 * 1024)
                .setMaxParallelism(1)
                .setParallelism(1)
                .setSubtaskIndex(0)
                .setMetricGroup(metrics)
                .build());
    }

    private MeteredKeyedBroadcastHarness(
            CoBroadcastWithKeyedOperator<K, IN1, IN2, OUT> operator,
            KeySelector<IN1, K> keySelector,
            TypeInformation<K> keyType,
            OperatorMetrics metrics,
            MockEnvironment environment)
            throws Exception {
        super(operator, environment);
        this.operator = operator;
        this.metrics = metrics.operator;
        this.environment = environment;
        config.setStatePartitioner(0, keySelector);
        config.setStateKeySerializer(keyType.createSerializer(executionConfig.getSerializerConfig()));
        config.serializeAllConfigs();
    }

    /** An opened harness around the function. */
    static <K, IN1, IN2, OUT> MeteredKeyedBroadcastHarness<K, IN1, IN2, OUT> open(
            KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function,
            KeySelector<IN1, K> keySelector,
            TypeInformation<K> keyType,
            MapStateDescriptor<?, ?>... broadcastStates)
            throws Exception {
        var harness = new MeteredKeyedBroadcastHarness<>(
                new CoBroadcastWithKeyedOperator<>(function, List.of(broadcastStates)),
                keySelector,
                keyType,
                new OperatorMetrics());
        harness.open();
        return harness;
    }

    /** The metric the function registered under this name, or null. */
    Metric metric(String name) {
        return metrics.get(name);
    }

    void processElement(IN1 element, long timestamp) throws Exception {
        StreamRecord<IN1> record = new StreamRecord<>(element, timestamp);
        operator.setKeyContextElement1(record);
        operator.processElement1(record);
    }

    void processBroadcastElement(IN2 element, long timestamp) throws Exception {
        operator.processElement2(new StreamRecord<>(element, timestamp));
    }

    /** Advances the watermark of both inputs. */
    void watermark(long timestamp) throws Exception {
        operator.processWatermark1(new Watermark(timestamp));
        operator.processWatermark2(new Watermark(timestamp));
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            environment.close();
        }
    }

    /** Hands every operator the same intercepting metric group. */
    private static final class OperatorMetrics extends InterceptingTaskMetricGroup {
        final InterceptingOperatorMetricGroup operator = new InterceptingOperatorMetricGroup();

        @Override
        public InternalOperatorMetricGroup getOrAddOperator(
                OperatorID operatorID, String name, Map<String, String> additionalVariables) {
            return operator;
        }
    }
}
