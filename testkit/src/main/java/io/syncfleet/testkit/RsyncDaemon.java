package io.syncfleet.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real {@code rsync --daemon --no-detach} on 127.0.0.1 serving module {@code www}, configured as
 * syncfleet's targets should be (MISSION-NOTES "rsync facts"): {@code use chroot = no},
 * {@code munge symlinks = no} (so symlinks arrive as they are), {@code read only = no},
 * {@code socket options = TCP_NODELAY}, running as the current user.
 *
 * <p>Layout of {@code workDir}: {@code www/} (the module root), {@code rsyncd.conf},
 * {@code rsyncd.log} (the daemon's log file), {@code rsyncd.out} (its stdout and stderr).
 *
 * <p>Failure modes for tests: {@link #kill()} (connection refused, rsync exit 10), {@link #stop()}
 * (connection accepted but never served: only the client's {@code --timeout} ends it, exit 30),
 * {@link #cont()}, {@link #restart()} on the same port and root.
 */
public final class RsyncDaemon implements AutoCloseable {

    public static final String MODULE = "www";
    private static final Duration GREETING_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 5;

    private final Path workDir;
    private final Path root;
    private final Path config;
    private int port;
    private Process process;

    private RsyncDaemon(Path workDir) {
        this.workDir = workDir;
        this.root = workDir.resolve(MODULE);
        this.config = workDir.resolve("rsyncd.conf");
    }

    /** Starts a daemon on a free port with its files in {@code workDir} (created when missing). */
    public static RsyncDaemon start(Path workDir) {
        RsyncDaemon d = new RsyncDaemon(workDir);
        d.prepare();
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            d.port = FreePorts.one();
            try {
                d.launch();
                return d;
            } catch (IllegalStateException e) {
                last = e; // the port was taken between picking and binding: try another
            }
        }
        throw last;
    }

    /** Starts {@code n} daemons in {@code dir/d0 .. dir/d<n-1>}. */
    public static RsyncDaemon[] startMany(int n, Path dir) {
        RsyncDaemon[] daemons = new RsyncDaemon[n];
        try {
            for (int i = 0; i < n; i++) {
                daemons[i] = start(dir.resolve("d" + i));
            }
            return daemons;
        } catch (RuntimeException e) {
            for (RsyncDaemon d : daemons) {
                if (d != null) {
                    d.close();
                }
            }
            throw e;
        }
    }

    /** {@code rsync://127.0.0.1:PORT/www}. */
    public String url() {
        return "rsync://127.0.0.1:" + port + "/" + MODULE;
    }

    /** The module's directory: what the daemon writes to. */
    public Path root() {
        return root;
    }

    public int port() {
        return port;
    }

    /** The pid of the current daemon process. */
    public synchronized long pid() {
        return process.pid();
    }

    public Path logFile() {
        return workDir.resolve("rsyncd.log");
    }

    /** True while the daemon process is alive (also when stopped). */
    public synchronized boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL to the daemon and its connection children; waits until they are gone. */
    public synchronized void kill() {
        List<ProcessHandle> all = family();
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            h.onExit().join();
        }
    }

    /** SIGSTOP to the daemon and its connection children: connections are accepted but never served. */
    public synchronized void stop() {
        signal("STOP");
    }

    /** SIGCONT after {@link #stop()}. */
    public synchronized void cont() {
        signal("CONT");
    }

    /** Kills the daemon if it runs and starts it again on the same port and root. */
    public synchronized void restart() {
        kill();
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            // a dying connection child may hold the port for a moment
            await("port " + port + " free for the restarted rsync daemon").atMost(GREETING_TIMEOUT)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(this::portFree);
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Kills the daemon; the files in {@code workDir} stay. Idempotent. */
    @Override
    public synchronized void close() {
        if (process != null) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "RsyncDaemon[" + url() + " root=" + root + "]";
    }

    private void prepare() {
        try {
            Files.createDirectories(root);
            Files.writeString(config, "");
            int uid = (Integer) Files.getAttribute(config, "unix:uid");
            int gid = (Integer) Files.getAttribute(config, "unix:gid");
            Files.writeString(config, String.join("\n",
                    "# generated by io.syncfleet.testkit.RsyncDaemon",
                    "uid = " + uid,
                    "gid = " + gid,
                    "use chroot = no",
                    "reverse lookup = no",
                    "log file = " + logFile().toAbsolutePath(),
                    "socket options = TCP_NODELAY",
                    "",
                    "[" + MODULE + "]",
                    "    path = " + root.toAbsolutePath(),
                    "    read only = no",
                    "    munge symlinks = no",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare rsync daemon in " + workDir, e);
        }
    }

    /** Starts the process on {@link #port} and waits for its greeting; IllegalStateException if it dies. */
    private void launch() {
        Path out = workDir.resolve("rsyncd.out");
        try {
            process = new ProcessBuilder("rsync", "--daemon", "--no-detach", "--config=" + config.toAbsolutePath(),
                    "--port=" + port, "--address=127.0.0.1")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run rsync --daemon", e);
        }
        Process p = process;
        try {
            await("rsync daemon greeting on 127.0.0.1:" + port)
                    .atMost(GREETING_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("rsync daemon on port " + port + " exited with "
                                    + p.exitValue() + ": " + tail(out) + " " + tail(logFile()));
                        }
                        return greets();
                    });
        } catch (ConditionTimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("rsync daemon on port " + port + " did not greet within "
                    + GREETING_TIMEOUT + ": " + tail(out) + " " + tail(logFile()), e);
        }
    }

    /** True when the daemon answers with its {@code @RSYNCD:} banner. */
    private boolean greets() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            byte[] banner = in.readNBytes(8);
            return "@RSYNCD:".equals(new String(banner, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false; // not listening yet, or not answering yet
        }
    }

    private boolean portFree() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<ProcessHandle> family() {
        List<ProcessHandle> all = new ArrayList<>();
        if (process != null) {
            all.add(process.toHandle());
            process.descendants().forEach(all::add);
        }
        return all;
    }

    /**
     * Signals the daemon and its per-connection children. The daemon itself must receive it; a child
     * that exits between being listed and being signalled is fine.
     */
    private void signal(String name) {
        List<ProcessHandle> alive = family().stream().filter(ProcessHandle::isAlive).toList();
        if (alive.isEmpty() || !alive.get(0).equals(process.toHandle())) {
            throw new IllegalStateException("rsync daemon on port " + port + " is not running; cannot send SIG" + name);
        }
        runKill(name, List.of(alive.get(0)), true);
        if (alive.size() > 1) {
            runKill(name, alive.subList(1, alive.size()), false);
        }
    }

    private void runKill(String name, List<ProcessHandle> targets, boolean mustSucceed) {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + name));
        targets.forEach(h -> cmd.add(String.valueOf(h.pid())));
        try {
            Process k = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!k.waitFor(10, TimeUnit.SECONDS) || (mustSucceed && k.exitValue() != 0)) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + name, e);
        }
    }

    private static String tail(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            List<String> all = lines.toList();
            return "[" + file.getFileName() + ": "
                    + String.join(" | ", all.subList(Math.max(0, all.size() - 5), all.size())) + "]";
        } catch (IOException | UncheckedIOException e) {
            return "[" + file.getFileName() + " unreadable]";
        }
    }
}
