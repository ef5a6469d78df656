package io.syncfleet.quickstart;

import io.syncfleet.app.LoggingSetup;
import io.syncfleet.app.Node;
import io.syncfleet.app.Roles;
import io.syncfleet.app.UserError;
import io.syncfleet.common.config.ConfigException;
import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quickstart demo: a source tree and three rsync-daemon targets under one directory, a config
 * that ties them together, and a running node. Re-running reuses the directory and its data.
 */
public final class Quickstart implements AutoCloseable {

    static final int TARGETS = 3;

    private final Path dir;
    private final List<LocalRsyncDaemon> daemons = new ArrayList<>();
    private Node node;
    private Path configFile;

    public Quickstart(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Quickstart start(PrintWriter out) throws Exception {
        Path source = dir.resolve("source");
        seed(source.resolve("template"), "index.html", "<h1>Hello from syncfleet</h1>\n");
        seed(source.resolve("resource"), "style.css", "h1 { color: teal; }\n");
        List<String> targetLines = new ArrayList<>();
        for (int i = 1; i <= TARGETS; i++) {
            String name = "web" + i;
            int port = freePort(18730 + i);
            LocalRsyncDaemon d = LocalRsyncDaemon.start("rsync", name, dir.resolve("targets").resolve(name),
                    dir.resolve("rsyncd"), port);
            daemons.add(d);
            targetLines.add("    - {id: " + name + ", url: \"rsync://127.0.0.1:" + port + "/www\"}");
        }
        int kafkaPort = freePort(9192, 9193);
        int statusPort = freePort(7070);
        configFile = dir.resolve("syncfleet.yml");
        Files.writeString(configFile, String.join("\n",
                "# Written by 'syncfleet quickstart'; rewritten on every quickstart run.",
                "kafka:",
                "  bootstrap: embedded",
                "  dataDir: ./data/kafka",
                "  embeddedPort: " + kafkaPort,
                "source:",
                "  baseDir: ./source",
                "  paths: [template, resource]",
                "watch:",
                "  delay: 20ms",
                "targets:",
                "  static:",
                String.join("\n", targetLines),
                "status:",
                "  listen: 127.0.0.1:" + statusPort,
                "log:",
                "  dir: ./logs",
                ""), StandardCharsets.UTF_8);
        SyncfleetConfig config;
        try {
            config = ConfigLoader.load(configFile, null, Map.of());
        } catch (ConfigException e) {
            throw new UserError("quickstart wrote an invalid config " + configFile + ": " + e.getMessage());
        }
        LoggingSetup.toFile(config.log());
        node = new Node(config, Roles.ALL, Clock.systemUTC()).start();
        Path rel = Path.of("").toAbsolutePath().relativize(dir);
        out.println();
        out.println("syncfleet quickstart is running.");
        out.println("  source   " + rel.resolve("source") + "  (watched: template/, resource/)");
        out.println("  targets  " + rel.resolve("targets") + "/web1, web2, web3  (rsync daemons on 127.0.0.1)");
        out.println("  config   " + rel.resolve("syncfleet.yml"));
        out.println("  dashboard http://127.0.0.1:" + node.statusPort() + "/   metrics  /metrics");
        out.println("  status   http://127.0.0.1:" + node.statusPort() + "/status   or   bin/syncfleet status --config "
                + rel.resolve("syncfleet.yml"));
        out.println();
        out.println("Try, in another terminal:");
        out.println("  echo '<p>new page</p>' > " + rel.resolve("source/template/new.html"));
        out.println("  ls " + rel.resolve("targets") + "/*/template/");
        out.println("  rm " + rel.resolve("source/template/new.html"));
        out.println();
        out.println("Ctrl-C stops everything; run it again to continue where you left off.");
        out.flush();
        return this;
    }

    public Path configFile() {
        return configFile;
    }

    public Node node() {
        return node;
    }

    private static void seed(Path dir, String name, String content) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        if (!Files.exists(f)) {
            Files.writeString(f, content, StandardCharsets.UTF_8);
        }
    }

    /** The first free port among {@code preferred} on 127.0.0.1, else any free port. */
    private static int freePort(int... preferred) throws IOException {
        for (int p : preferred) {
            if (p == 0) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", p));
                return p;
            } catch (IOException taken) {
                // try the next one
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        daemons.forEach(LocalRsyncDaemon::close);
    }
}
