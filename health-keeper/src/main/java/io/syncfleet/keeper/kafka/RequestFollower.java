package io.syncfleet.keeper.kafka;

import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.common.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code requests} topic in the keeper's group ({@link Topics#keeperGroup()}), so that each
 * operator request is handled once, also across keeper restarts. A polled batch is handed to the handler,
 * and its offsets are committed only once the handler's futures are done: a keeper that dies in between
 * handles the batch again (add, remove and catch-up requests are safe to repeat).
 *
 * <p>One thread owns the consumer; poll errors are handled by {@link TopicFollower}, as in {@link ReportFollower}.
 */
public final class RequestFollower implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestFollower.class);

    private final Consumer<String, TargetRequest> consumer;
    private final String topic;
    private final Function<TargetRequest, CompletableFuture<?>> handler;
    private final TopicFollower<TargetRequest> loop;

    public RequestFollower(Consumer<String, TargetRequest> consumer, Topics topics,
                           Function<TargetRequest, CompletableFuture<?>> handler) {
        this.consumer = consumer;
        this.topic = topics.name(Topics.REQUESTS);
        this.handler = handler;
        this.loop = new TopicFollower<>(consumer, topic, "request", () -> consumer.subscribe(List.of(topic)),
                this::handle);
    }

    @Override
    public void run() {
        loop.run();
    }

    private void handle(ConsumerRecords<String, TargetRequest> records) throws InterruptedException {
        List<CompletableFuture<?>> done = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, TargetRequest> r : records) {
            if (r.value() != null) {
                done.add(handler.apply(r.value()));
            }
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
        while (loop.running()) {
            try {
                all.get(500, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                // the keeper is busy: keep waiting while running
            } catch (ExecutionException e) {
                LOG.warn("a request in [{}] failed; it is not retried: {}", topic, e.getCause().toString());
                break;
            }
        }
        if (all.isDone()) {
            consumer.commitSync(offsets);
        }
    }

    /** Ends the loop; the consumer is closed by its thread. */
    public void stop() {
        loop.stop();
    }
}
