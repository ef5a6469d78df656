package io.syncfleet.watcher;

import io.syncfleet.common.config.KafkaConfig;
import io.syncfleet.common.config.LogConfig;
import io.syncfleet.common.config.RsyncConfig;
import io.syncfleet.common.config.SourceConfig;
import io.syncfleet.common.config.StatusConfig;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetsConfig;
import io.syncfleet.common.config.WatchConfig;
import io.syncfleet.common.path.RelPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Config trees for watcher tests, built from the records directly. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static SyncfleetConfig watcher(KafkaConfig kafka, Path baseDir, List<RelPath> paths, List<String> exclude,
                                          Duration delay) {
        return watcher(kafka, baseDir, paths, exclude, new WatchConfig(delay));
    }

    public static SyncfleetConfig watcher(KafkaConfig kafka, Path baseDir, List<RelPath> paths, List<String> exclude,
                                          WatchConfig watch) {
        return new SyncfleetConfig(kafka, new SourceConfig(baseDir, paths, exclude), watch,
                new RsyncConfig("rsync", List.of(), Duration.ofSeconds(10), 160, 12, 6, true),
                new TargetsConfig(List.of()), new StatusConfig("127.0.0.1", 0),
                new LogConfig(baseDir.resolve("logs"), "info"));
    }

    public static KafkaConfig kafka(String prefix, int partitions) {
        return new KafkaConfig("127.0.0.1:1", Path.of("unused"), 0, prefix, partitions, Map.of());
    }
}
