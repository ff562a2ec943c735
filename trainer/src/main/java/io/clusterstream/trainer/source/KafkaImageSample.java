package io.clusterstream.trainer.source;

import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.core.image.ImageDecoder;
import io.clusterstream.core.image.ImageOps;
import io.clusterstream.core.image.PixelImage;
import io.clusterstream.schemas.v1.Preprocessing;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a bounded sample of recent images from the images topic for a refit: the committed records
 * ({@code read_committed}) between where the {@link SampleWindow} starts and the end of each partition as it was when
 * the read began, at most {@code maxImages}. Images are converted to the model's input shape; records that are not
 * usable images are skipped and counted. Labels, where events carry them, only feed the training report.
 */
public final class KafkaImageSample {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaImageSample.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Class name of images without a label; labelled images use "class <id>". */
    public static final String UNLABELLED = LabeledImages.UNLABELLED;
    /** Labels at or above this are treated as missing, so a stray value cannot blow up the class list. */
    static final int MAX_LABEL = 1000;

    /** The images read and how many records were skipped as unusable. */
    public record Sample(LabeledImages images, int skipped) {}

    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final int maxImages;
    private final Duration timeout;
    private final ImageDecoder decoder = new ImageDecoder();

    /**
     * @param kafkaProperties client settings (at least {@code bootstrap.servers})
     * @param timeout         longest time one read may take; what was read by then is the sample
     */
    /** The images topic the samples come from. */
    public String topic() {
        return topic;
    }

    public KafkaImageSample(Map<String, ?> kafkaProperties, String topic, int maxImages, Duration timeout) {
        if (maxImages < 1) {
            throw new IllegalArgumentException("maxImages must be at least 1, got " + maxImages);
        }
        this.consumerConfig = new HashMap<>(kafkaProperties);
        this.consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // A partition read to its end would otherwise hold each fetch for the default 500 ms waiting for new records.
        this.consumerConfig.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.maxImages = maxImages;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Reads the window's images, shaped as {@code shape} says (size and channels; normalisation is serving's). */
    public Sample read(SampleWindow window, Preprocessing shape) {
        Collector collector = new Collector(shape);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> starts = startOffsets(consumer, partitions, ends, window);
            starts.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(tp -> starts.get(tp) >= ends.get(tp));
            consumer.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
            while (!open.isEmpty() && !collector.full() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(tp) && !collector.full()) {
                        collector.add(record, window);
                    }
                }
                for (TopicPartition tp : List.copyOf(open)) {
                    if (consumer.position(tp) >= ends.get(tp)) {
                        open.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
            if (!open.isEmpty() && !collector.full()) {
                LOG.warn("sample of {} stopped after {} with {} images: partitions {} not read to their end",
                        topic, timeout, collector.count(), open);
            }
        }
        return collector.sample();
    }

    private static Map<TopicPartition, Long> startOffsets(KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions, Map<TopicPartition, Long> ends, SampleWindow window) {
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> starts = new HashMap<>();
        if (window instanceof SampleWindow.LastN lastN) {
            Map<TopicPartition, Long> available = new HashMap<>();
            partitions.forEach(tp -> available.put(tp, ends.get(tp) - beginnings.get(tp)));
            shareNewest(lastN.count(), available).forEach((tp, count) -> starts.put(tp, ends.get(tp) - count));
        } else {
            SampleWindow.TimeRange range = (SampleWindow.TimeRange) window;
            // Record timestamps approximate event times; the exact range is filtered on the payload's event time.
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, range.startMs()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            partitions.forEach(tp -> {
                OffsetAndTimestamp at = found.get(tp);
                starts.put(tp, at == null ? ends.get(tp) : at.offset());
            });
        }
        return starts;
    }

    /**
     * How many of the newest records to take from each partition so that {@code count} are taken in all (or all there
     * are): an even share each, and what a short partition cannot give goes to the others.
     */
    static Map<TopicPartition, Long> shareNewest(long count, Map<TopicPartition, Long> available) {
        List<TopicPartition> byAvailable = new ArrayList<>(available.keySet());
        byAvailable.sort(java.util.Comparator.comparingLong(available::get));
        Map<TopicPartition, Long> shares = new HashMap<>();
        long left = count;
        for (int i = 0; i < byAvailable.size(); i++) {
            TopicPartition tp = byAvailable.get(i);
            long remainingPartitions = byAvailable.size() - i;
            long share = Math.min(available.get(tp), (left + remainingPartitions - 1) / remainingPartitions);
            shares.put(tp, share);
            left -= share;
        }
        return shares;
    }

    /** Accumulates decoded images in the target shape. */
    private final class Collector {
        private final int width;
        private final int height;
        private final int channels;
        private final ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        private final List<Integer> labels = new ArrayList<>();
        private int skipped;

        Collector(Preprocessing shape) {
            this.width = shape.getWidth();
            this.height = shape.getHeight();
            this.channels = shape.getChannels();
        }

        void add(ConsumerRecord<byte[], byte[]> record, SampleWindow window) {
            ImagePayload payload;
            try {
                payload = ImagePayload.decode(record, decoder);
            } catch (ImagePayload.Unusable e) {
                skipped++;
                LOG.debug("skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                return;
            }
            if (window instanceof SampleWindow.TimeRange range
                    && (payload.eventTimeMs() < range.startMs() || payload.eventTimeMs() >= range.endMs())) {
                return;
            }
            PixelImage image = ImageOps.withChannels(payload.image(), channels);
            if (image.width() != width || image.height() != height) {
                image = ImageOps.resize(image, width, height);
            }
            pixels.writeBytes(image.pixels());
            labels.add(labelOf(payload));
        }

        /** The event's label, or -1 when it has none or one beyond any real class count. */
        private static int labelOf(ImagePayload payload) {
            int label = payload.label().orElse(-1);
            return label >= 0 && label < MAX_LABEL ? label : -1;
        }

        boolean full() {
            return labels.size() >= maxImages;
        }

        int count() {
            return labels.size();
        }

        Sample sample() {
            int classes = labels.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            List<String> names = new ArrayList<>(IntStream.range(0, classes).mapToObj(c -> "class " + c).toList());
            names.add(UNLABELLED);
            int[] ids = labels.stream().mapToInt(label -> label < 0 ? classes : label).toArray();
            LabeledImages images = new LabeledImages(width, height, channels, pixels.toByteArray(), ids, names);
            return new Sample(images, skipped);
        }
    }
}
