package io.syncfleet.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets: one {@code rsync --daemon} per target on 127.0.0.1, each with {@code socket options =
 * TCP_NODELAY}, {@code use chroot = no}, {@code munge symlinks = no}, read-write. Every tool under test
 * pushes to these same daemons. A daemon has one module per name given, each in its own directory
 * {@code <root>/<module>}, so tools measured side by side never touch each other's files.
 */
final class RsyncDaemons implements AutoCloseable {

    private final Path dir;
    private final List<String> modules;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private RsyncDaemons(Path dir, List<String> modules) {
        this.dir = dir;
        this.modules = modules;
    }

    static RsyncDaemons start(Path dir, int count, List<String> modules) throws Exception {
        RsyncDaemons d = new RsyncDaemons(dir, modules);
        try {
            for (int i = 0; i < count; i++) {
                d.ports.add(0);
                d.processes.add(null);
                d.startOne(i);
            }
        } catch (Exception | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    int size() {
        return ports.size();
    }

    /** The directory of {@code module} on target {@code i}. */
    Path root(int i, String module) {
        return dir.resolve("t" + i).resolve(module);
    }

    List<Path> roots(String module) {
        List<Path> r = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            r.add(root(i, module));
        }
        return r;
    }

    /** {@code rsync://127.0.0.1:PORT/module}, without a trailing slash. */
    String url(int i, String module) {
        return "rsync://127.0.0.1:" + ports.get(i) + "/" + module;
    }

    /** The pid of target {@code i}'s daemon (whose forked children do the receiving). */
    long pid(int i) {
        return processes.get(i).pid();
    }

    /** SIGKILL of target {@code i}'s daemon: connections are refused until {@link #restart}. */
    void kill(int i) throws InterruptedException {
        Process p = processes.get(i);
        p.destroyForcibly();
        p.waitFor();
        OnExit.forget(p);
    }

    /** Starts target {@code i}'s daemon again on the same port; returns once it accepts connections. */
    void restart(int i) throws Exception {
        startOne(i);
    }

    private void startOne(int i) throws Exception {
        Path t = Files.createDirectories(dir.resolve("t" + i));
        StringBuilder conf = new StringBuilder("socket options = TCP_NODELAY\nmax connections = 0\n")
                .append("log file = ").append(t.resolve("rsyncd.log")).append('\n')
                .append("pid file = ").append(t.resolve("rsyncd.pid")).append('\n');
        for (String m : modules) {
            Path root = Files.createDirectories(t.resolve(m));
            conf.append('[').append(m).append("]\n path = ").append(root)
                    .append("\n read only = no\n use chroot = no\n munge symlinks = no\n uid = root\n gid = root\n");
        }
        Path confFile = t.resolve("rsyncd.conf");
        Files.writeString(confFile, conf);
        for (int attempt = 0; ; attempt++) {
            int port = ports.get(i) != 0 ? ports.get(i) : freePort();
            Files.deleteIfExists(t.resolve("rsyncd.pid"));
            Process p = OnExit.kill(new ProcessBuilder("rsync", "--daemon", "--no-detach", "--config=" + confFile,
                    "--port=" + port, "--address=127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(t.resolve("rsyncd.out").toFile()).start());
            if (awaitListening(p, port)) {
                ports.set(i, port);
                processes.set(i, p);
                return;
            }
            p.destroyForcibly().waitFor();
            OnExit.forget(p);
            if (attempt >= 5) {
                throw new IllegalStateException("rsync daemon " + i + " did not start on port " + port + "; see "
                        + t.resolve("rsyncd.out"));
            }
            Thread.sleep(200); // a restart on the same port may wait for the old socket to go away
        }
    }

    /** True once {@code p} (still alive: it did bind) accepts a connection on {@code port}. */
    private static boolean awaitListening(Process p, int port) throws InterruptedException {
        for (int i = 0; i < 200 && p.isAlive(); i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return p.isAlive();
            } catch (IOException e) {
                Thread.sleep(10);
            }
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A free port {@code p} whose neighbour {@code p+1} is free too (the embedded broker's controller). */
    static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = freePort();
            try (ServerSocket s = new ServerSocket(p + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two adjacent free ports found");
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            if (p != null) {
                try {
                    p.waitFor();
                    OnExit.forget(p);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
