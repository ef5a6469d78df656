import io.syncfleet.app.Node;
import io.syncfleet.app.ProcessLaunch;
import io.syncfleet.app.Roles;
import io.syncfleet.common.config.ConfigLoader;
import io.syncfleet.common.config.SyncfleetConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Single-file latency: one small file written in the source, time until it is complete on every
 * target. Peer in the same run: the floor, i.e. bare one-file rsync pushes to the same daemons, in
 * parallel, with the same flags. Usage: LatencyBench TARGETS SAMPLES RESULT.md
 */
public class LatencyBench {

    public static void main(String[] args) throws Exception {
        ProcessLaunch.preferVfork(); // as syncfleet's CLI does, before this JVM starts its first process
        int targets = Integer.parseInt(args[0]);
        int samples = Integer.parseInt(args[1]);
        Path result = Path.of(args[2]);
        Path work = Files.createTempDirectory("syncfleet-bench");
        Path source = work.resolve("source");
        Files.createDirectories(source.resolve("pages"));
        List<Process> daemons = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        StringBuilder targetYaml = new StringBuilder();
        try {
            for (int i = 0; i < targets; i++) {
                Path root = Files.createDirectories(work.resolve("t" + i));
                int port = freePort();
                Path conf = work.resolve("rsyncd" + i + ".conf");
                Files.writeString(conf, "socket options = TCP_NODELAY\nlog file = " + work.resolve("rsyncd" + i + ".log")
                        + "\n[www]\n path = " + root + "\n read only = no\n use chroot = no\n munge symlinks = no\n"
                        + " uid = root\n gid = root\n");
                daemons.add(new ProcessBuilder("rsync", "--daemon", "--no-detach", "--config=" + conf, "--port=" + port,
                        "--address=127.0.0.1").inheritIO().start());
                awaitPort(port);
                roots.add(root);
                ports.add(port);
                targetYaml.append("    - {id: t").append(i).append(", url: \"rsync://127.0.0.1:").append(port)
                        .append("/www\"}\n");
            }
            Path cfg = work.resolve("syncfleet.yml");
            Files.writeString(cfg, "kafka: {dataDir: ./kafka, embeddedPort: " + freePort() + "}\n"
                    + "source: {baseDir: ./source, paths: [pages]}\n"
                    + "targets:\n  static:\n" + targetYaml
                    + "status: {listen: \"127.0.0.1:0\"}\nlog: {dir: ./logs, level: warn}\n");
            SyncfleetConfig config = ConfigLoader.load(cfg, null, Map.of());
            io.syncfleet.app.LoggingSetup.level("warn");
            try (Node node = new Node(config, Roles.ALL, Clock.systemUTC()).start()) {
                // warm-up: the initial full sync and a few pushes
                for (int i = 0; i < 5; i++) {
                    measure(source, roots, "warm" + i);
                }
                double[] fleet = new double[samples];
                for (int i = 0; i < samples; i++) {
                    fleet[i] = measure(source, roots, "f" + i);
                }
                double[] floor = new double[samples];
                for (int i = 0; i < samples; i++) {
                    floor[i] = bareRsync(source, ports, "g" + i, roots);
                }
                String report = report(targets, samples, fleet, floor);
                System.out.println(report);
                Files.createDirectories(result.getParent());
                Files.writeString(result, report);
            }
        } finally {
            daemons.forEach(Process::destroy);
        }
    }

    /** Writes one file and returns ms until every target has it with the full content. */
    static double measure(Path source, List<Path> roots, String name) throws Exception {
        byte[] content = ("<p>" + name + " " + System.nanoTime() + "</p>\n").getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        Files.write(source.resolve("pages").resolve(name + ".html"), content);
        awaitEverywhere(roots, "pages/" + name + ".html", content, t0);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The floor: the same one-file push, by hand, to all targets in parallel. */
    static double bareRsync(Path source, List<Integer> ports, String name, List<Path> roots) throws Exception {
        byte[] content = ("<p>" + name + " " + System.nanoTime() + "</p>\n").getBytes(StandardCharsets.UTF_8);
        String rel = "bare/" + name + ".html";
        Files.createDirectories(source.resolve("bare"));
        long t0 = System.nanoTime();
        Files.write(source.resolve(rel), content);
        List<Process> ps = new ArrayList<>();
        for (int port : ports) {
            ps.add(new ProcessBuilder("rsync", "-aRI", "--sockopts=TCP_NODELAY", "--timeout=10", rel,
                    "rsync://127.0.0.1:" + port + "/www/").directory(source.toFile()).start());
        }
        for (Process p : ps) {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("bare rsync failed: " + p.exitValue());
            }
        }
        awaitEverywhere(roots, rel, content, t0);
        return (System.nanoTime() - t0) / 1e6;
    }

    static void awaitEverywhere(List<Path> roots, String rel, byte[] content, long t0) throws Exception {
        for (Path root : roots) {
            Path f = root.resolve(rel);
            while (true) {
                if (Files.exists(f)) {
                    try {
                        if (Arrays.equals(Files.readAllBytes(f), content)) {
                            break;
                        }
                    } catch (IOException racing) {
                        // rsync renames into place; retry
                    }
                }
                if (System.nanoTime() - t0 > 30_000_000_000L) {
                    throw new IllegalStateException("timeout waiting for " + f);
                }
                Thread.sleep(0, 200_000);
            }
        }
    }

    static String report(int targets, int samples, double[] fleet, double[] floor) {
        double p50 = pct(fleet, 50);
        double p95 = pct(fleet, 95);
        double f50 = pct(floor, 50);
        double f95 = pct(floor, 95);
        return String.format("# latency-%d: one file to %d targets%n%n"
                + "`bench/run.sh latency-%d %d` on %d cores, %s. Time from the write in the source until the file is "
                + "complete on every target, %d samples each.%n%n"
                + "| | p50 ms | p95 ms |%n|---|---|---|%n"
                + "| syncfleet (watcher, embedded Kafka, worker, rsync) | %.1f | %.1f |%n"
                + "| floor: bare parallel `rsync -aRI` of the file, by hand | %.1f | %.1f |%n"
                + "| ratio syncfleet / floor | %.2f | %.2f |%n",
                targets, targets, targets, samples, Runtime.getRuntime().availableProcessors(),
                java.time.LocalDate.now(), samples, p50, p95, f50, f95, p50 / f50, p95 / f95);
    }

    static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException e) {
                Thread.sleep(25);
            }
        }
        throw new IllegalStateException("rsync daemon did not start on " + port);
    }
}
