package io.syncfleet.keeper.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each alert on every channel, off the caller's thread: each channel has its own thread
 * ({@code alert-command}, {@code alert-webhook}, {@code alert-email}) and queue, so a slow or hung channel
 * delays neither the keeper nor the other channels. A delivery that fails is logged at WARN with the reason
 * and never retried or thrown: the next alert goes out as usual. A full queue drops the alert with a warning.
 */
public final class AlertSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);

    /** Alerts waiting per channel; alerts are rare (at most one per cooldown, plus recoveries). */
    static final int MAX_WAITING = 50;

    private final List<Lane> lanes = new ArrayList<>();

    public AlertSender(List<AlertChannel> channels) {
        for (AlertChannel c : channels) {
            lanes.add(new Lane(c, new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(MAX_WAITING), r -> {
                        Thread t = new Thread(r, "alert-" + c.name());
                        t.setDaemon(true);
                        return t;
                    })));
        }
    }

    /** The channels' names, e.g. {@code [command, email]}. */
    public List<String> channels() {
        return lanes.stream().map(l -> l.channel.name()).toList();
    }

    /** Queues the alert on every channel; returns at once. */
    public void send(AlertMessage message) {
        for (Lane lane : lanes) {
            try {
                lane.pool.execute(() -> deliver(lane.channel, message));
            } catch (RejectedExecutionException e) {
                LOG.warn("alert [{}] not sent by {}: {} alerts are already waiting for it, or the keeper is stopping",
                        message.alert().kind().word(), lane.channel.name(), MAX_WAITING);
            }
        }
    }

    private static void deliver(AlertChannel channel, AlertMessage message) {
        String kind = message.alert().kind().word();
        try {
            String answer = channel.send(message);
            LOG.info("alert [{}] delivered by {}: {}", kind, channel.name(), answer);
        } catch (DeliveryException e) {
            LOG.warn("alert [{}] not delivered by {}: {}", kind, channel.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("alert [{}] not delivered by {}: the keeper is stopping", kind, channel.name());
        } catch (RuntimeException e) {
            LOG.warn("alert [{}] not delivered by {}: unexpected {}", kind, channel.name(), e.toString(), e);
        }
    }

    /** Lets queued alerts go out for up to {@code waitMillis}, then interrupts what is still running. */
    public void close(long waitMillis) {
        lanes.forEach(l -> l.pool.shutdown());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Lane l : lanes) {
            try {
                if (!l.pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    l.pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                l.pool.shutdownNow();
            }
        }
    }

    @Override
    public void close() {
        close(5_000);
    }

    private record Lane(AlertChannel channel, ExecutorService pool) {
    }
}
