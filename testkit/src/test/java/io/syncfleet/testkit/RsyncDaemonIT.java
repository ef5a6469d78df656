package io.syncfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RsyncDaemonIT {

    @TempDir
    Path tmp;

    private Path source;
    private RsyncDaemon daemon;

    @BeforeEach
    void startDaemon() {
        source = TestTrees.mkdirs(tmp.resolve("src"));
        daemon = RsyncDaemon.start(tmp.resolve("daemon"));
    }

    @AfterEach
    void closeDaemon() {
        daemon.close();
    }

    @Test
    void receivesAPushFromTheRealClient() throws Exception {
        TestTrees.write(source.resolve("hello.txt"), "hello, fleet");
        TestTrees.symlink(source.resolve("link"), "hello.txt");

        Result r = push();

        assertEquals(0, r.exit(), r.output());
        assertEquals("hello, fleet", Files.readString(daemon.root().resolve("hello.txt")));
        assertEquals(Path.of("hello.txt"), Files.readSymbolicLink(daemon.root().resolve("link")),
                "munge symlinks = no keeps the target as it is");
        assertEquals("rsync://127.0.0.1:" + daemon.port() + "/www", daemon.url());
    }

    @Test
    void killedDaemonRefusesConnectionsWithExit10() throws Exception {
        daemon.kill();

        Result r = push();

        assertEquals(10, r.exit(), r.output());
        assertTrue(r.output().contains("Connection refused"), r.output());
    }

    @Test
    void stoppedDaemonOnlyTimesOutAndServesAgainAfterCont() throws Exception {
        TestTrees.write(source.resolve("a.txt"), "after cont");
        daemon.stop();

        Result frozen = push("--timeout=1");

        assertEquals(30, frozen.exit(), frozen.output());
        daemon.cont();
        Result served = push();
        assertEquals(0, served.exit(), served.output());
        assertEquals("after cont", Files.readString(daemon.root().resolve("a.txt")));
    }

    @Test
    void restartKeepsPortAndRoot() throws Exception {
        TestTrees.write(source.resolve("before.txt"), "1");
        assertEquals(0, push().exit());
        int port = daemon.port();
        long pid = daemon.pid();

        daemon.restart();

        assertEquals(port, daemon.port());
        assertNotEquals(pid, daemon.pid());
        assertTrue(Files.exists(daemon.root().resolve("before.txt")));
        TestTrees.write(source.resolve("after.txt"), "2");
        Result r = push();
        assertEquals(0, r.exit(), r.output());
        assertEquals("2", Files.readString(daemon.root().resolve("after.txt")));
    }

    @Test
    void restartAfterKillServesAgain() throws Exception {
        daemon.kill();
        daemon.restart();

        TestTrees.write(source.resolve("x"), "x");
        Result r = push();
        assertEquals(0, r.exit(), r.output());
    }

    @Test
    void startManyGivesDistinctPortsAndRoots() throws Exception {
        RsyncDaemon[] many = RsyncDaemon.startMany(3, tmp.resolve("many"));
        try {
            Set<Integer> ports = new HashSet<>();
            Set<Path> roots = new HashSet<>();
            for (RsyncDaemon d : many) {
                ports.add(d.port());
                roots.add(d.root());
                TestTrees.write(source.resolve("f"), d.url());
                Result r = run(List.of("-a", "--sockopts=TCP_NODELAY", source + "/", d.url() + "/"));
                assertEquals(0, r.exit(), r.output());
                assertEquals(d.url(), Files.readString(d.root().resolve("f")));
            }
            assertEquals(3, ports.size());
            assertEquals(3, roots.size());
        } finally {
            Arrays.stream(many).forEach(RsyncDaemon::close);
        }
    }

    @Test
    void closeIsIdempotentAndStopsTheProcess() {
        daemon.close();
        daemon.close();
        assertTrue(!daemon.isAlive());
    }

    private record Result(int exit, String output) {
    }

    private Result push(String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-a", "--sockopts=TCP_NODELAY", "--contimeout=5"));
        args.addAll(List.of(extra));
        args.add(source + "/");
        args.add(daemon.url() + "/");
        return run(args);
    }

    private static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("rsync");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rsync did not finish: " + cmd);
        return new Result(p.exitValue(), String.join(" ", cmd) + " -> " + out);
    }
}
