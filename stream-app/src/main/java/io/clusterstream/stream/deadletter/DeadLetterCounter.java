package io.clusterstream.stream.deadletter;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** Counts an operator's dead letters, in total ({@code deadLetters}) and per {@code reason} label. Not thread-safe. */
public final class DeadLetterCounter {

    private final MetricGroup group;
    private final Counter total;
    private final Map<String, Counter> byReason = new HashMap<>();

    public DeadLetterCounter(MetricGroup group) {
        this.group = group;
        this.total = group.counter("deadLetters");
    }

    public void count(String reason) {
        total.inc();
        byReason.computeIfAbsent(reason, r -> group.addGroup("reason", r).counter("deadLetters")).inc();
    }
}
