package io.syncfleet.watcher.fs;

import static org.awaitility.Awaitility.await;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.PathEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Keeps every event; can hold the backend's thread on a chosen event to let a directory overflow. */
final class RecordingListener implements WatchListener {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final List<PathEvent> events = new ArrayList<>();
    private volatile Predicate<PathEvent> holdOn = e -> false;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onEvents(List<PathEvent> batch) {
        synchronized (events) {
            events.addAll(batch);
        }
        if (batch.stream().anyMatch(holdOn)) {
            held.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    List<PathEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    boolean saw(PathEvent.Type type, RelPath path) {
        return events().contains(new PathEvent(type, path));
    }

    boolean sawAnythingBelow(RelPath dir) {
        return events().stream().anyMatch(e -> dir.contains(e.path()));
    }

    void awaitEvent(PathEvent.Type type, RelPath path) {
        await().atMost(WAIT).until(() -> saw(type, path));
    }

    void awaitEvent(PathEvent.Type type, String path) {
        awaitEvent(type, RelPath.of(path));
    }

    /** Blocks the backend thread on the first event matching {@code p} until {@link #releaseHold}. */
    void holdOn(Predicate<PathEvent> p) {
        holdOn = p;
    }

    void awaitHeld() throws InterruptedException {
        if (!held.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the backend never delivered the held event; saw " + events());
        }
    }

    void releaseHold() {
        holdOn = e -> false;
        release.countDown();
    }

    void clear() {
        synchronized (events) {
            events.clear();
        }
    }
}
