package io.clusterstream.local;

import com.google.protobuf.ByteString;
import io.clusterstream.core.data.LabeledImages;
import io.clusterstream.schemas.v1.ImageEvent;
import io.clusterstream.schemas.v1.PixelLayout;
import io.clusterstream.schemas.v1.RawImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams real labelled images to the images topic as {@code ImageEvent}s (raw planar pixels, event time = now, the
 * true label attached for online evaluation) at the schedule's rate and class mix, on a thread of its own.
 */
public final class ReplayProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayProducer.class);
    static final String SOURCE = "replay";

    private final LabeledImages images;
    private final int[] shiftedIndices;
    private final ReplaySchedule schedule;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final SplittableRandom random = new SplittableRandom(7);
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private volatile boolean shifted;
    private volatile long shiftedAtMs;
    private volatile boolean stopping;

    public ReplayProducer(LabeledImages images, ReplaySchedule schedule, String bootstrapServers, String topic) {
        this.images = images;
        this.schedule = schedule;
        this.topic = topic;
        this.shiftedIndices = IntStream.range(0, images.size())
                .filter(i -> schedule.shiftedClasses().contains(images.label(i))).toArray();
        if (shiftedIndices.length == 0) {
            throw new IllegalArgumentException("no image has one of the shifted classes " + schedule.shiftedClasses());
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "replay-producer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long sent() {
        return sent.get();
    }

    public boolean shifted() {
        return shifted;
    }

    /** Wall-clock ms at which the class mix shifted; 0 before. */
    public long shiftedAtMs() {
        return shiftedAtMs;
    }

    private void run() {
        long start = System.nanoTime();
        try {
            while (!stopping) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (!shifted && schedule.shifted(elapsed)) {
                    shiftedAtMs = System.currentTimeMillis();
                    shifted = true;
                    LOG.info("class mix shifted after {} images: only classes {} from now on", sent.get(), schedule.shiftedClasses());
                }
                while (sent.get() < schedule.due(elapsed) && !stopping) {
                    send(shifted ? shiftedIndices[random.nextInt(shiftedIndices.length)] : random.nextInt(images.size()));
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("replay stopped after {} images", sent.get(), e);
        }
    }

    private void send(int index) {
        long id = sent.getAndIncrement();
        String eventId = "replay-" + id;
        byte[] pixels = new byte[images.imageLength()];
        images.copyPixels(index, pixels, 0);
        ImageEvent event = ImageEvent.newBuilder()
                .setEventId(eventId)
                .setEventTimeMs(System.currentTimeMillis())
                .setSource(SOURCE)
                .setRaw(RawImage.newBuilder()
                        .setWidth(images.width())
                        .setHeight(images.height())
                        .setChannels(images.channels())
                        .setLayout(PixelLayout.PIXEL_LAYOUT_PLANAR)
                        .setPixels(ByteString.copyFrom(pixels)))
                .setLabel(images.label(index))
                .build();
        producer.send(new ProducerRecord<>(topic, eventId.getBytes(StandardCharsets.UTF_8), event.toByteArray()));
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(5_000);
        producer.close(Duration.ofSeconds(5));
    }
}
