package io.syncfleet.watcher.app;

/**
 * A snapshot of a running watcher, for {@code GET /status} and the CLI.
 *
 * @param backend the watch backend in use: {@code inotify} or {@code jdk-watchservice}
 * @param watchedDirectories directories currently watched
 * @param lastEventMillis when the last file-system event arrived, 0 before the first
 * @param lastPublishMillis when the broker last acknowledged a batch, 0 before the first
 * @param lastHeartbeatMillis when the broker last acknowledged a heartbeat ({@code watch.heartbeat}), 0 before the first
 * @param publishedBatches batches acknowledged by the broker since start
 */
public record WatcherStatus(String backend, long watchedDirectories, long lastEventMillis, long lastPublishMillis,
                            long publishedBatches, long lastHeartbeatMillis) {
}
