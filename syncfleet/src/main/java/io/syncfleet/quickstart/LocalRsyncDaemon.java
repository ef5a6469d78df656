package io.syncfleet.quickstart;

import io.syncfleet.app.UserError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An rsync daemon on 127.0.0.1 serving one module {@code www}, for the quickstart demo. Its config
 * carries the settings syncfleet's targets need (see README "Targets"): no symlink munging, and
 * TCP_NODELAY so small pushes are not delayed.
 */
final class LocalRsyncDaemon implements AutoCloseable {

    private final Process process;
    private final int port;

    private LocalRsyncDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalRsyncDaemon start(String rsyncBinary, String name, Path root, Path confDir, int port) throws IOException {
        Files.createDirectories(root);
        Files.createDirectories(confDir);
        Path conf = confDir.resolve(name + ".conf");
        Files.writeString(conf, String.join("\n",
                "# rsync daemon for the syncfleet quickstart target " + name,
                "pid file = " + confDir.resolve(name + ".pid"),
                "log file = " + confDir.resolve(name + ".log"),
                "socket options = TCP_NODELAY",
                "[www]",
                "    path = " + root.toAbsolutePath(),
                "    read only = no",
                "    use chroot = no",
                "    munge symlinks = no",
                "    uid = " + System.getProperty("user.name"),
                "    gid = *",
                ""), StandardCharsets.UTF_8);
        Files.deleteIfExists(confDir.resolve(name + ".pid"));
        Process p = new ProcessBuilder(rsyncBinary, "--daemon", "--no-detach", "--config=" + conf, "--port=" + port,
                "--address=127.0.0.1").redirectErrorStream(true)
                .redirectOutput(confDir.resolve(name + ".out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new UserError("rsync daemon for quickstart target " + name + " exited at start; see "
                        + confDir.resolve(name + ".out"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new LocalRsyncDaemon(p, port);
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        p.destroyForcibly();
        throw new UserError("rsync daemon for quickstart target " + name + " did not listen on port " + port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        // rsync --daemon --no-detach does not stop on SIGTERM while connections linger; the demo
        // daemons hold no state worth a graceful stop.
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
