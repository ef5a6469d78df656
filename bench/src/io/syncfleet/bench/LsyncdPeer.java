package io.syncfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * lsyncd from the Debian package, as its users run it: one {@code sync{default.rsync, ...}} block per
 * target, all on the same source directory, {@code rsync={_extra={"--sockopts=TCP_NODELAY"}}}, and the
 * delay under test ({@code delay=0}, or lsyncd's own default of 15 s when none is given). Its config
 * file is written for each run; its log is kept next to it.
 */
final class LsyncdPeer implements AutoCloseable {

    /** One sync{} block: a source directory and an rsync destination (both get a trailing slash). */
    record Sync(Path source, String target) {
    }

    private final Path dir;
    private final Path log;
    private final Process process;

    private LsyncdPeer(Path dir, Path log, Process process) {
        this.dir = dir;
        this.log = log;
        this.process = process;
    }

    /** The config lsyncd is given. {@code delaySeconds} null means lsyncd's default delay. */
    static String config(Path dir, List<Sync> syncs, Integer delaySeconds) {
        StringBuilder b = new StringBuilder();
        b.append("settings {\n  logfile = \"").append(dir.resolve("lsyncd.log")).append("\",\n  statusFile = \"")
                .append(dir.resolve("lsyncd.status")).append("\",\n  nodaemon = true,\n}\n");
        for (Sync s : syncs) {
            b.append("sync { default.rsync, source = \"").append(s.source()).append("/\", target = \"")
                    .append(s.target()).append("/\",");
            if (delaySeconds != null) {
                b.append(" delay = ").append(delaySeconds).append(',');
            }
            b.append(" rsync = { _extra = { \"--sockopts=TCP_NODELAY\" } } }\n");
        }
        return b.toString();
    }

    /**
     * Starts lsyncd and waits until every sync's startup rsync (a full recursive rsync with --delete) has
     * finished, so the targets equal the source.
     */
    static LsyncdPeer start(Path dir, List<Sync> syncs, Integer delaySeconds, long timeoutMillis) throws Exception {
        Files.createDirectories(dir);
        Path conf = dir.resolve("lsyncd.conf.lua");
        Files.writeString(conf, config(dir, syncs, delaySeconds));
        Path log = dir.resolve("lsyncd.log");
        Files.deleteIfExists(log);
        Process p = OnExit.kill(new ProcessBuilder("lsyncd", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("lsyncd.out").toFile())).start());
        LsyncdPeer peer = new LsyncdPeer(dir, log, p);
        try {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            while (peer.startupsFinished() < syncs.size()) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("lsyncd exited with " + p.exitValue() + "; see " + dir);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("lsyncd startup syncs not finished after " + timeoutMillis
                            + " ms (" + peer.startupsFinished() + "/" + syncs.size() + "); see " + dir);
                }
                Thread.sleep(50);
            }
        } catch (Exception | Error e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    private int startupsFinished() throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        int n = 0;
        for (String line : new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.contains("Startup of") && line.contains("finished")) {
                n++;
            }
        }
        return n;
    }

    Path dir() {
        return dir;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL after 10 s; rsync processes it started and left running are killed too. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        OnExit.forget(process);
    }
}
