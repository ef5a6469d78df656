package io.syncfleet.keeper.probe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.keeper.domain.ProbeResult;
import io.syncfleet.testkit.RsyncDaemon;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rsync probe against real daemons (testkit), killed, frozen and thawed, and against servers that are not rsync. */
class RsyncDaemonProbeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private RsyncDaemon daemon;
    private RsyncDaemon other;
    private ProbeRunner runner;

    private final RsyncDaemonProbe probe = new RsyncDaemonProbe(TIMEOUT);

    @AfterEach
    void tearDown() {
        if (runner != null) {
            runner.close();
        }
        for (RsyncDaemon d : new RsyncDaemon[] {daemon, other}) {
            if (d != null) {
                d.close();
            }
        }
    }

    @Test
    void liveDaemonGreets() {
        daemon = RsyncDaemon.start(dir.resolve("d"));
        ProbeResult r = probe.probe(TargetUrl.parse(daemon.url()));
        assertTrue(r.ok(), r.detail());
        assertTrue(r.detail().matches("greeting @RSYNCD: \\d+\\.\\d+"), r.detail());
    }

    @Test
    void killedDaemonIsConnectionRefused() {
        daemon = RsyncDaemon.start(dir.resolve("d"));
        daemon.kill();
        assertEquals(ProbeResult.failed("connection refused"), probe.probe(TargetUrl.parse(daemon.url())));
    }

    @Test
    void frozenDaemonFailsAtTheTimeoutAndAnswersAgainAfterCont() {
        daemon = RsyncDaemon.start(dir.resolve("d"));
        TargetUrl url = TargetUrl.parse(daemon.url());
        freeze(daemon);
        assertEquals(ProbeResult.failed("no rsync greeting within 2s"), probe.probe(url));
        daemon.cont();
        ProbeResult r = probe.probe(url);
        assertTrue(r.ok(), r.detail());
    }

    @Test
    void restartedDaemonAnswersAgain() {
        daemon = RsyncDaemon.start(dir.resolve("d"));
        TargetUrl url = TargetUrl.parse(daemon.url());
        daemon.kill();
        assertFalse(probe.probe(url).ok());
        daemon.restart();
        assertTrue(probe.probe(url).ok());
    }

    /**
     * A frozen and a live target probed at once: the live one's result arrives while the frozen one is
     * still waiting for its greeting. The frozen probe gets a long timeout so that it is certainly still
     * waiting; thawing the daemon then lets it finish with the greeting it was waiting for.
     */
    @Test
    void frozenTargetDoesNotDelayALiveOne() {
        daemon = RsyncDaemon.start(dir.resolve("frozen"));
        other = RsyncDaemon.start(dir.resolve("live"));
        runner = new ProbeRunner(new TargetProbe(new RsyncDaemonProbe(Duration.ofMinutes(2)), t -> {
            throw new AssertionError("no ssh here");
        }), 4, Duration.ofMinutes(3));
        freeze(daemon);

        CompletableFuture<ProbeResult> frozen = runner.probe("frozen", TargetUrl.parse(daemon.url()));
        CompletableFuture<ProbeResult> live = runner.probe("live", TargetUrl.parse(other.url()));
        ProbeResult liveResult = live.join();

        assertTrue(liveResult.ok(), liveResult.detail());
        assertFalse(frozen.isDone(), "the frozen target is still being probed");
        daemon.cont();
        ProbeResult thawed = frozen.join();
        assertTrue(thawed.ok(), thawed.detail());
    }

    /**
     * SIGSTOP once the daemon has no connection children left (from its start-up check or an earlier
     * probe): {@link RsyncDaemon#stop()} fails when a child exits between being listed and being signalled.
     */
    private static void freeze(RsyncDaemon d) {
        await("rsync daemon " + d.port() + " idle").until(() -> ProcessHandle.of(d.pid())
                .map(h -> h.children().noneMatch(ProcessHandle::isAlive)).orElse(false));
        d.stop();
    }

    @Test
    void serverThatIsNotRsyncFails() throws IOException {
        try (Server s = Server.sending("SSH-2.0-OpenSSH_9.2p1 Debian\r\n")) {
            assertEquals(ProbeResult.failed("not an rsync daemon: got 'SSH-2.0-OpenSSH_9.2p1 Debian'"),
                    probe.probe("127.0.0.1", s.port()));
        }
    }

    @Test
    void serverThatClosesBeforeGreetingFails() throws IOException {
        try (Server s = Server.sending("")) {
            assertEquals(ProbeResult.failed("connection closed before the rsync greeting"), probe.probe("127.0.0.1", s.port()));
        }
        try (Server s = Server.sending("@RSYN")) {
            assertEquals(ProbeResult.failed("connection closed before the rsync greeting, after '@RSYN'"),
                    probe.probe("127.0.0.1", s.port()));
        }
    }

    @Test
    void serverThatAcceptsButNeverSpeaksFails() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RsyncDaemonProbe quick = new RsyncDaemonProbe(Duration.ofMillis(300));
            assertEquals(ProbeResult.failed("no rsync greeting within 300ms"), quick.probe("127.0.0.1", silent.getLocalPort()));
        }
    }

    @Test
    void unknownHostFails() {
        assertEquals(ProbeResult.failed("unknown host no-such-host.invalid"), probe.probe("no-such-host.invalid", 873));
    }

    /** Accepts connections, writes a fixed text and closes, on a thread of its own. */
    private static final class Server implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        private Server(ServerSocket socket, String text) {
            this.socket = socket;
            this.thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket c = socket.accept(); OutputStream out = c.getOutputStream()) {
                        out.write(text.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "fake-server");
            thread.setDaemon(true);
            thread.start();
        }

        static Server sending(String text) throws IOException {
            return new Server(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), text);
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            await().until(() -> !thread.isAlive());
        }
    }
}
