package io.syncfleet.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.testkit.RsyncDaemon;
import io.syncfleet.testkit.TestBroker;
import io.syncfleet.testkit.TestTrees;
import io.syncfleet.testkit.TreeAssert;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline: real inotify watcher, embedded Kafka, sync worker and three real rsync
 * daemons. After each operation every target must equal the source, byte for byte.
 */
class PipelineIT {

    private static final List<String> EXCLUDES = List.of("*.git", "*.svn", "*.tmp", ".~tmp~/");
    private static final List<String> ROOTS = List.of("template", "resource");

    @TempDir
    static Path tmp;

    static Path base;
    static RsyncDaemon[] targets;
    static Node node;

    @BeforeAll
    static void startPipeline() throws Exception {
        base = Files.createDirectories(tmp.resolve("source"));
        for (String r : ROOTS) {
            Files.createDirectories(base.resolve(r));
        }
        Files.writeString(base.resolve("template/before-start.html"), "present before the watcher started\n");
        Files.writeString(base.resolve("outside-roots.txt"), "never synced\n");
        targets = RsyncDaemon.startMany(3, tmp.resolve("targets"));
        StringBuilder yaml = new StringBuilder()
                .append("kafka: {bootstrap: \"").append(TestBroker.shared().bootstrapServers())
                .append("\", topicPrefix: ").append(TestBroker.uniquePrefix()).append(", partitions: 4}\n")
                .append("source: {baseDir: ").append(base).append(", paths: [template, resource]}\n")
                .append("status: {listen: \"127.0.0.1:0\"}\n")
                .append("log: {dir: ").append(tmp.resolve("logs")).append("}\n")
                .append("targets:\n  static:\n");
        for (int i = 0; i < targets.length; i++) {
            yaml.append("    - {id: web").append(i + 1).append(", url: \"").append(targets[i].url()).append("\"}\n");
        }
        SyncfleetConfig config = ConfigLoader.loadString(yaml.toString(), tmp, null, Map.of());
        node = new Node(config, Roles.ALL, Clock.systemUTC()).start();
        awaitConverged();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (targets != null) {
            for (RsyncDaemon d : targets) {
                d.close();
            }
        }
    }

    static void awaitConverged() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    List<String> diffs = new ArrayList<>();
                    for (RsyncDaemon d : targets) {
                        for (String r : ROOTS) {
                            Path t = d.root().resolve(r);
                            if (!Files.isDirectory(t)) {
                                diffs.add(d.url() + ": root " + r + " missing");
                                continue;
                            }
                            for (String diff : TreeAssert.differences(base.resolve(r), t, EXCLUDES)) {
                                diffs.add(d.url() + " " + r + "/" + diff);
                            }
                        }
                    }
                    assertTrue(diffs.isEmpty(), () -> String.join("\n", diffs));
                });
    }

    @Test
    void initialRescanCopiesWhatWasThereAndNothingOutsideTheRoots() {
        for (RsyncDaemon d : targets) {
            assertTrue(Files.exists(d.root().resolve("template/before-start.html")));
            assertFalse(Files.exists(d.root().resolve("outside-roots.txt")));
        }
    }

    @Test
    void createAndModify() throws Exception {
        Path f = base.resolve("template/create-modify.html");
        Files.writeString(f, "v1\n");
        awaitConverged();
        Files.writeString(f, "version two, longer\n");
        awaitConverged();
    }

    @Test
    void sameSizeRewriteInTheSameSecond() throws Exception {
        Path f = base.resolve("template/same-size.txt");
        Files.writeString(f, "aaaa");
        FileTime fixed = FileTime.fromMillis((System.currentTimeMillis() / 1000) * 1000);
        Files.setLastModifiedTime(f, fixed);
        awaitConverged();
        Files.writeString(f, "bbbb");
        Files.setLastModifiedTime(f, fixed); // size and mtime unchanged: only -I sends it
        awaitConverged();
    }

    @Test
    void mkdirPWithImmediateFiles() throws Exception {
        Path deep = Files.createDirectories(base.resolve("resource/a/b/c"));
        Files.writeString(deep.resolve("f"), "x\n");
        Files.writeString(base.resolve("resource/a/b/g"), "y\n");
        awaitConverged();
    }

    @Test
    void renameFileAndDirectory() throws Exception {
        Path dir = Files.createDirectories(base.resolve("template/rename-me"));
        Files.writeString(dir.resolve("one.html"), "1\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/two.html"), "2\n");
        awaitConverged();
        Files.move(dir.resolve("one.html"), dir.resolve("uno.html"));
        awaitConverged();
        Files.move(dir, base.resolve("template/renamed"));
        awaitConverged();
    }

    @Test
    void deleteFileAndSubtree() throws Exception {
        Path tree = Files.createDirectories(base.resolve("resource/doomed/x/y"));
        Files.writeString(tree.resolve("z.css"), "z\n");
        Files.writeString(base.resolve("resource/doomed/top.css"), "t\n");
        Files.writeString(base.resolve("resource/lonely.css"), "l\n");
        awaitConverged();
        Files.delete(base.resolve("resource/lonely.css"));
        awaitConverged();
        TestTrees.deleteTree(base.resolve("resource/doomed"));
        awaitConverged();
        for (RsyncDaemon d : targets) {
            assertFalse(Files.exists(d.root().resolve("resource/doomed")));
        }
    }

    @Test
    void oddNames() throws Exception {
        Path dir = Files.createDirectories(base.resolve("template/odd"));
        Files.writeString(dir.resolve("with space.html"), "s\n");
        Files.writeString(dir.resolve("new\nline.html"), "n\n");
        Files.writeString(dir.resolve("-leading-dash.html"), "d\n");
        Files.writeString(dir.resolve("ünïcödé.html"), "u\n");
        TestTrees.write(TestTrees.child(dir, TestTrees.nonUtf8Name("latin1-")), "raw bytes\n".getBytes(StandardCharsets.UTF_8));
        awaitConverged();
        Files.delete(dir.resolve("-leading-dash.html"));
        Files.delete(TestTrees.child(dir, TestTrees.nonUtf8Name("latin1-")));
        awaitConverged();
    }

    @Test
    void symlinkPermissionChangeAndExcludes() throws Exception {
        Path dir = Files.createDirectories(base.resolve("resource/misc"));
        Files.writeString(dir.resolve("real.css"), "r\n");
        Files.createSymbolicLink(dir.resolve("link.css"), Path.of("real.css"));
        Files.createSymbolicLink(dir.resolve("dangling"), Path.of("../nowhere"));
        awaitConverged();
        TestTrees.chmod(dir.resolve("real.css"), "rwx------");
        awaitConverged();
        Files.writeString(dir.resolve("scratch.tmp"), "excluded\n");
        Files.createDirectories(dir.resolve("repo.git"));
        Files.writeString(dir.resolve("repo.git/HEAD"), "excluded\n");
        Files.writeString(dir.resolve("after-excluded.css"), "marker\n");
        awaitConverged();
        for (RsyncDaemon d : targets) {
            assertFalse(Files.exists(d.root().resolve("resource/misc/scratch.tmp")));
            assertFalse(Files.exists(d.root().resolve("resource/misc/repo.git")));
        }
    }
}
