package io.syncfleet.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Source trees and their copies on the targets. The large tree is {@code dirs} directories of
 * {@value #PER_DIR} small files each: {@code d<k>/f<n>.html}. Writes are plain in-place writes
 * (open, write, close), as an editor or a renderer does them.
 */
final class Trees {

    static final int PER_DIR = 1000;

    private Trees() {
    }

    /** {@code site/d<n/1000>/f<n>.html} for file number {@code n}. */
    static Path file(Path site, int n) {
        return site.resolve("d" + (n / PER_DIR)).resolve("f" + n + ".html");
    }

    static byte[] content(int n, String version) {
        return ("<p>file " + n + " " + version + "</p>\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Makes {@code files} files under {@code site} with version "v0", all with mtime {@link #MTIME}. */
    static void make(Path site, int files) throws IOException {
        for (int n = 0; n < files; n++) {
            if (n % PER_DIR == 0) {
                Files.createDirectories(file(site, n).getParent());
            }
            Path f = file(site, n);
            write(f, content(n, "v0"));
            Files.setLastModifiedTime(f, MTIME);
        }
    }

    /** The mtime of every file of a made tree, so two trees made apart are equal to rsync's quick check. */
    static final FileTime MTIME = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));

    /**
     * The large source tree of burst, catch-up and sustained: {@code <work>/source/site} with {@code files}
     * files, and the same tree as {@code <target>/site} on every target. The targets' copies are hard links
     * of one pristine tree (made once per {@code BENCH_PRISTINE} directory, shared by the scenarios of one
     * {@code run.sh all}): safe, because rsync never writes into an existing target file (it writes a
     * temporary file and renames it over the old one) and every change the bench makes changes content.
     * Returns the site directory.
     */
    static Path makeSite(Path work, int files, List<Path> targets) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String shared = System.getenv("BENCH_PRISTINE");
        Path pristine = shared == null || shared.isBlank() ? work.resolve("pristine-site")
                : Path.of(shared).toAbsolutePath();
        Path ready = pristine.resolveSibling(pristine.getFileName() + ".ready-" + files);
        if (!Files.exists(ready)) {
            run(List.of("rm", "-rf", pristine.toString()));
            make(pristine, files);
            Files.writeString(ready, "");
        }
        Path site = work.resolve("source").resolve("site");
        make(site, files);
        List<Process> ps = new ArrayList<>();
        for (Path t : targets) {
            ps.add(new ProcessBuilder("cp", "-al", pristine.toString(), t.resolve("site").toString()).inheritIO()
                    .start());
        }
        for (Process p : ps) {
            if (p.waitFor() != 0) {
                throw new IOException("cp -al of the pristine tree failed");
            }
        }
        Bench.log("source tree of %d files made and cloned to %d targets in %.1f s", files, targets.size(),
                (System.nanoTime() - t0) / 1e9);
        return site;
    }

    static void write(Path f, byte[] content) throws IOException {
        try (OutputStream o = Files.newOutputStream(f, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            o.write(content);
        }
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("failed: " + String.join(" ", cmd));
        }
    }
}
