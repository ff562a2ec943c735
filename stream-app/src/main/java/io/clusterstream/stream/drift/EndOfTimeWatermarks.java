package io.clusterstream.stream.drift;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Puts a stream at the end of event time, on every event and every periodic tick, so that it never holds back the
 * watermark of an operator it is connected to. For side inputs without event time, such as drift references.
 */
final class EndOfTimeWatermarks<T> implements WatermarkGenerator<T> {

    static final Watermark END_OF_TIME = new Watermark(Long.MAX_VALUE);

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        output.emitWatermark(END_OF_TIME);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(END_OF_TIME);
    }
}
