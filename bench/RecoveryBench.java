import io.syncfleet.app.Node;
import io.syncfleet.app.ProcessLaunch;
import io.syncfleet.app.Roles;
import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.event.TargetState;
import io.syncfleet.keeper.app.TargetHealthView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Target failure and catch-up figures, with the default health settings:
 *  - time to detect a dead target (SIGKILL of its daemon: leaves ready, then dead);
 *  - time from its return (daemon restarted) to ready;
 *  - catch-up of the same outage (N changed files in a tree of M files) by replay against a full rsync.
 * Usage: RecoveryBench TREE_FILES CHANGED_FILES RESULT.md
 */
public class RecoveryBench {

    public static void main(String[] args) throws Exception {
        ProcessLaunch.preferVfork(); // as syncfleet's CLI does, before this JVM starts its first process
        int treeFiles = Integer.parseInt(args[0]);
        int changed = Integer.parseInt(args[1]);
        Path result = Path.of(args[2]);
        Path work = Files.createTempDirectory("syncfleet-recovery");
        Path site = Files.createDirectories(work.resolve("source/site"));
        long t0 = System.nanoTime();
        int perDir = 1000;
        for (int i = 0; i < treeFiles; i++) {
            Path d = site.resolve("d" + (i / perDir));
            if (i % perDir == 0) {
                Files.createDirectories(d);
            }
            Files.writeString(d.resolve("f" + i + ".html"), "<p>file " + i + "</p>\n");
        }
        System.err.printf("tree of %d files made in %.1f s%n", treeFiles, (System.nanoTime() - t0) / 1e9);
        StringBuilder out = new StringBuilder();
        out.append(String.format("# recovery: failure detection and catch-up%n%n`bench/run.sh recovery %d %d` on %d cores, %s."
                + " Default health settings (interval ready 5s, unhealthy 3s, dead 3s; 5 probes, 3 fatal; probe timeout 2s)."
                + " One target of two is killed (SIGKILL of its rsync daemon), %d files change in a tree of %d files, then"
                + " it is restarted.%n%n| recovery.mode | leaves ready s | dead s | return to ready s | of which catch-up s |%n"
                + "|---|---|---|---|---|%n", treeFiles, changed, Runtime.getRuntime().availableProcessors(),
                java.time.LocalDate.now(), changed, treeFiles));
        double replay = 0;
        double full = 0;
        for (String mode : List.of("replay", "full")) {
            double[] r = scenario(work, site, mode, treeFiles, changed);
            out.append(String.format("| %s | %.2f | %.2f | %.2f | %.2f |%n", mode, r[0], r[1], r[2], r[3]));
            if (mode.equals("replay")) {
                replay = r[3];
            } else {
                full = r[3];
            }
        }
        out.append(String.format("%nCatch-up by replay / by full rsync: **%.2f**.%n", replay / full));
        System.out.println(out);
        Files.createDirectories(result.getParent());
        Files.writeString(result, out.toString());
    }

    /** Returns {leftReady, dead, returnToReady, catchUp} in seconds. */
    static double[] scenario(Path work, Path site, String mode, int treeFiles, int changed) throws Exception {
        Path run = Files.createDirectories(work.resolve("run-" + mode));
        List<Process> daemons = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        List<Path> confs = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            Path root = Files.createDirectories(run.resolve("t" + i));
            int port = freePort();
            Path conf = run.resolve("rsyncd" + i + ".conf");
            Files.writeString(conf, "socket options = TCP_NODELAY\nlog file = " + run.resolve("rsyncd" + i + ".log")
                    + "\n[www]\n path = " + root + "\n read only = no\n use chroot = no\n munge symlinks = no\n"
                    + " uid = root\n gid = root\n");
            roots.add(root);
            confs.add(conf);
            ports.add(port);
            daemons.add(daemon(conf, port));
            targets.append("    - {id: t").append(i).append(", url: \"rsync://127.0.0.1:").append(port).append("/www\"}\n");
        }
        Path cfg = run.resolve("syncfleet.yml");
        Files.writeString(cfg, "kafka: {dataDir: ./kafka, embeddedPort: " + freePort() + ", partitions: 12}\n"
                + "source: {baseDir: " + site.getParent() + ", paths: [site]}\n"
                + "recovery: {mode: " + mode + "}\n"
                + "targets:\n  static:\n" + targets
                + "status: {listen: \"127.0.0.1:0\"}\nlog: {dir: ./logs, level: warn}\n");
        SyncfleetConfig config = ConfigLoader.load(cfg, null, Map.of());
        io.syncfleet.app.LoggingSetup.level("warn");
        try (Node node = new Node(config, Roles.ALL, Clock.systemUTC()).start()) {
            await(node, "t1", s -> s == TargetState.READY, 600);
            awaitFile(roots.get(1).resolve("site/d0/f0.html"), 600);
            awaitFile(roots.get(1).resolve("site/d" + ((treeFiles - 1) / 1000) + "/f" + (treeFiles - 1) + ".html"), 600);
            Thread.sleep(6000); // a settled fleet: the first ready probe has run
            long kill = System.nanoTime();
            daemons.get(1).destroyForcibly().waitFor();
            double left = await(node, "t1", s -> s != TargetState.READY, 120) - kill;
            // the outage: files change while t1 is away
            for (int i = 0; i < changed; i++) {
                int f = (int) ((long) i * treeFiles / changed);
                Files.writeString(site.resolve("d" + (f / 1000)).resolve("f" + f + ".html"), "<p>changed " + i + "</p>\n");
            }
            double dead = await(node, "t1", s -> s == TargetState.DEAD, 120) - kill;
            long back = System.nanoTime();
            daemons.set(1, daemon(confs.get(1), ports.get(1)));
            double recovery = await(node, "t1", s -> s == TargetState.RECOVERY, 300) - back;
            double ready = await(node, "t1", s -> s == TargetState.READY, 900) - back;
            return new double[] {left / 1e9, dead / 1e9, ready / 1e9, (ready - recovery) / 1e9};
        } finally {
            daemons.forEach(Process::destroyForcibly);
        }
    }

    /** Polls the keeper's state every 10 ms; returns System.nanoTime() when the predicate held. */
    static long await(Node node, String id, Predicate<TargetState> p, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (TargetHealthView v : node.keeperStatus()) {
                if (v.id().equals(id) && p.test(v.state())) {
                    return System.nanoTime();
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("timeout waiting for target " + id);
    }

    static void awaitFile(Path f, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!Files.exists(f)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timeout waiting for " + f);
            }
            Thread.sleep(20);
        }
    }

    static Process daemon(Path conf, int port) throws Exception {
        Process p = new ProcessBuilder("rsync", "--daemon", "--no-detach", "--config=" + conf, "--port=" + port,
                "--address=127.0.0.1").inheritIO().start();
        for (int i = 0; i < 400; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return p;
            } catch (IOException e) {
                Thread.sleep(25);
            }
        }
        throw new IllegalStateException("rsync daemon did not start on " + port);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
