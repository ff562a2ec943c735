package io.clusterstream.stream.ingest;

import io.clusterstream.core.image.DecodeLimits;
import io.clusterstream.schemas.DeadLetterHeaders;
import io.clusterstream.stream.deadletter.DeadLetterCounter;
import io.clusterstream.stream.deadletter.DeadLetters;
import io.clusterstream.stream.events.DeadLetter;
import io.clusterstream.stream.events.KafkaRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's first step: decodes every record with an {@link EventDecoder}, emits the {@link DecodedEvent}s and sends
 * each record that cannot be decoded to the {@link #DEAD_LETTERS} side output, so that bad input never fails the job.
 *
 * <p>Metrics: {@code decodedEvents} and {@code deadLetters} counters, the latter also per {@code reason}.
 */
public final class DecodeFunction extends ProcessFunction<KafkaRecord, DecodedEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeFunction.class);

    /** Reason of a dead letter caused by a failure of the decoder itself rather than by the record. */
    public static final String UNEXPECTED_ERROR = "UNEXPECTED_ERROR";

    /** Side output of the records that could not be decoded. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final EventDecoder decoder;
    private transient Counter decodedEvents;
    private transient DeadLetterCounter deadLetters;

    /** Decodes with {@link DecodeLimits#defaults()}. */
    public DecodeFunction() {
        this(DecodeLimits.defaults());
    }

    public DecodeFunction(DecodeLimits limits) {
        this.decoder = new EventDecoder(limits);
    }

    @Override
    public void open(OpenContext openContext) {
        decodedEvents = getRuntimeContext().getMetricGroup().counter("decodedEvents");
        deadLetters = new DeadLetterCounter(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<DecodedEvent> out) {
        DecodedEvent event;
        try {
            event = decoder.decode(record);
        } catch (RejectedEventException e) {
            LOG.debug("Dead-lettering {}: {} {}", record.coordinates(), e.reason(), e.getMessage());
            deadLetter(ctx, DeadLetters.of(record, e, EventDecoder.class));
            return;
        } catch (RuntimeException e) {
            // A bug or an input the decoder does not anticipate: one record must not stop the whole stream.
            LOG.warn("Dead-lettering {}: unexpected failure while decoding it", record.coordinates(), e);
            deadLetter(ctx, DeadLetters.of(record, e, UNEXPECTED_ERROR, DeadLetterHeaders.STAGE_DECODE,
                    EventDecoder.class));
            return;
        }
        decodedEvents.inc();
        out.collect(event);
    }

    private void deadLetter(Context ctx, DeadLetter deadLetter) {
        deadLetters.count(deadLetter.reason);
        ctx.output(DEAD_LETTERS, deadLetter);
    }
}
