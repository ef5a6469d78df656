package io.syncfleet.watcher.app;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.PathEvent;
import io.syncfleet.watcher.fs.WatchBackend;
import io.syncfleet.watcher.fs.WatchListener;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/** A backend whose events the test plays; it watches nothing. */
final class ScriptedBackend implements WatchBackend {

    private volatile WatchListener listener;
    private volatile List<RelPath> roots;
    private volatile IOException failOnStart;
    private volatile boolean closed;
    private volatile OptionalLong drained = OptionalLong.empty();

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public void start(List<RelPath> roots, WatchListener listener) throws IOException {
        if (failOnStart != null) {
            throw failOnStart;
        }
        this.roots = roots;
        this.listener = listener;
    }

    @Override
    public OptionalLong drainedUpToMillis() {
        return drained;
    }

    /** From now on, claims that every change before {@code millis} was played. */
    void drainedUpTo(long millis) {
        drained = OptionalLong.of(millis);
    }

    @Override
    public long watchedDirectories() {
        return closed ? 0 : 42;
    }

    @Override
    public void close() {
        closed = true;
    }

    void failOnStart(IOException e) {
        failOnStart = e;
    }

    void play(PathEvent... events) {
        listener.onEvents(List.of(events));
    }

    List<RelPath> roots() {
        return roots;
    }

    boolean closed() {
        return closed;
    }
}
