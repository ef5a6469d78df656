package io.syncfleet.bench;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sees files arrive in target directories through inotify (the JDK WatchService) rather than by
 * polling: polling 50 targets every half millisecond cost the harness half a core, taken from the
 * tools it measures. rsync renames a finished file into place, which is a CREATE in its directory; the
 * file is then checked for the expected bytes. A slow re-check every {@value #RECHECK_MILLIS} ms covers
 * anything inotify could not say (the same for every tool).
 */
final class TargetWatch implements AutoCloseable {

    static final long RECHECK_MILLIS = 20;

    private final WatchService service;

    TargetWatch(List<Path> dirs) throws IOException {
        service = FileSystems.getDefault().newWatchService();
        for (Path d : dirs) {
            d.register(service, ENTRY_CREATE, ENTRY_MODIFY);
        }
    }

    /**
     * Waits until every file (each in a watched directory, one per directory) holds {@code content};
     * returns the System.nanoTime() at which the last one was seen.
     */
    long awaitAll(List<Path> files, byte[] content, long timeoutMillis) throws InterruptedException {
        Map<Path, File> pending = new HashMap<>();
        for (Path f : files) {
            pending.put(f.getParent(), f.toFile());
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long last = System.nanoTime();
        pending.values().removeIf(f -> Arrivals.holds(f, content));
        while (!pending.isEmpty()) {
            WatchKey key = service.poll(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            if (key == null) {
                if (pending.values().removeIf(f -> Arrivals.holds(f, content))) {
                    last = now;
                }
                if (now > deadline) {
                    throw new IllegalStateException("timeout after " + timeoutMillis + " ms: " + pending.size()
                            + " of " + files.size() + " targets lack " + files.get(0).getFileName());
                }
                continue;
            }
            for (; key != null; key = service.poll()) {
                key.pollEvents();
                key.reset();
                File f = pending.get((Path) key.watchable());
                if (f != null && Arrivals.holds(f, content)) {
                    pending.remove((Path) key.watchable());
                    last = now;
                }
            }
        }
        return last;
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
