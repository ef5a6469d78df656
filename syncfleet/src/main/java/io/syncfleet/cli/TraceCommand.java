package io.syncfleet.cli;

import io.syncfleet.app.TargetView;
import io.syncfleet.app.UserError;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.path.BaseDirPaths;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.kafka.FleetStatusReader;
import io.syncfleet.kafka.TraceReader;
import io.syncfleet.trace.PathTimeline;
import io.syncfleet.trace.TimelineText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Show when a path was modified, seen by the watcher, published, and synced to each target,"
                + " read from the changes and reports topics.")
final class TraceCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "PATH", description = "Relative to source.baseDir, or absolute inside it.")
    String path;

    @Option(names = "--since", defaultValue = "1h", paramLabel = "WHEN",
            description = "How far back to look: a duration ago (30m, 2h, 1d) or an ISO time (default: 1h).")
    String since;

    @Option(names = "--limit", defaultValue = "5", paramLabel = "N",
            description = "Show at most the N most recent changes of the path (default: 5).")
    int limit;

    @Override
    public Integer call() throws Exception {
        long now = System.currentTimeMillis();
        long sinceMillis = ReplayCommand.parseSince(since, now);
        SyncfleetConfig config = client.load();
        BaseDirPaths base = new BaseDirPaths(config.source().baseDir());
        RelPath rel = relative(base, path);
        long mtime = mtime(base.toPath(rel));
        PathTimeline timeline = AttachedKafka.run(config, (kafka, topics) -> {
            TraceReader reader = new TraceReader(kafka.clients(), topics);
            List<ChangeBatch> changes = reader.changes(rel, sinceMillis);
            List<SyncReport> reports = reader.reports(sinceMillis);
            Map<String, String> states = new LinkedHashMap<>();
            for (TargetView t : FleetStatusReader.readOnce(kafka.clients(), topics)) {
                states.put(t.id(), t.state() + " since " + StatusTable.ago(t.sinceMillis(), Instant.ofEpochMilli(now))
                        + (t.reason() == null || t.reason().isEmpty() ? "" : " (" + t.reason() + ")"));
            }
            return PathTimeline.build(rel, mtime, changes, reports, states);
        });
        client.say(TimelineText.render(timeline, Math.max(1, limit), Instant.ofEpochMilli(sinceMillis)));
        return 0;
    }

    /** PATH as a path relative to the base, or a one-line error saying what to give instead. */
    static RelPath relative(BaseDirPaths base, String arg) {
        try {
            Path p = Path.of(arg);
            if (p.isAbsolute()) {
                return base.toRel(p.normalize());
            }
            return RelPath.of(arg);
        } catch (IllegalArgumentException e) {
            throw new UserError("trace: '" + arg + "' is not a path inside source.baseDir " + base.baseDir() + " ("
                    + e.getMessage() + "); give it relative to source.baseDir or as an absolute path inside it");
        }
    }

    private static long mtime(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UserError("trace: cannot read the mtime of " + file + ": " + e.getMessage());
        }
    }
}
