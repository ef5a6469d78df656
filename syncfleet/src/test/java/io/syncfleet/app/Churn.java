package io.syncfleet.app;

import io.syncfleet.testkit.TestTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A churn generator for a source tree: random creates, writes, appends, renames, deletes, chmods
 * and symlinks of files and directories, with odd names (spaces, quotes, glob characters, a
 * newline, a leading dash, non-ASCII and non-UTF-8 bytes), from a seed so that a failing run can be
 * repeated. One thread runs it; {@link #counts()} tells how many operations of each kind ran.
 */
final class Churn implements Runnable {

    private static final String[] NAME_STYLES = {
        "page-%d.html", "with space %d.txt", "quote'\"%d", "-dash-%d", "#hash %d", "[glob]*?%d",
        "new\nline-%d", "\u00e9t\u00e9-\u4e2d\u6587-%d", "plain%d", "tab\t%d.css",
    };
    private static final String[] FILE_MODES = {"rw-r--r--", "rw-------", "rwxr-xr-x", "rw-r-----"};
    private static final String[] DIR_MODES = {"rwxr-xr-x", "rwx------", "rwxr-x---"};

    /** Entries whose names start with this are a test's own: the churn never picks them. */
    static final String LEFT_ALONE = "fixed-";

    private final Path root;
    private final Random random;
    private final long pauseMillis;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private int serial;

    /** Churns below {@code root} with one operation every {@code pauseMillis}. */
    Churn(Path root, long seed, long pauseMillis) {
        this.root = root;
        this.random = new Random(seed);
        this.pauseMillis = pauseMillis;
    }

    @Override
    public void run() {
        while (running) {
            try {
                step();
            } catch (RuntimeException e) {
                failure = e;
                return;
            }
            try {
                Thread.sleep(pauseMillis); // pacing of the load, not a wait for a result
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void stop() {
        running = false;
    }

    /** Why the churn stopped early, if it did (it must not: the test fails on it). */
    Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Operations done so far, by kind (only those that found something to act on). */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** {@code n} new files in a new directory as fast as they can be written (an inotify storm). */
    synchronized void storm(int n) throws IOException {
        Path dir = Files.createDirectories(root.resolve("storm-" + (serial++)));
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve("s" + i + ".txt"), "storm " + i + "\n");
        }
        count("storm-file", n);
    }

    /** One random operation; I/O races with nothing (one thread), so a failure is a real failure. */
    synchronized void step() {
        int dice = random.nextInt(100);
        if (dice < 25) {
            createFile(randomDir());
        } else if (dice < 40) {
            existingFile().ifPresent(this::rewrite);
        } else if (dice < 48) {
            existingFile().ifPresent(this::append);
        } else if (dice < 58) {
            existingFile().ifPresent(this::renameFile);
        } else if (dice < 68) {
            existingFile().ifPresent(f -> act("delete-file", () -> Files.delete(f)));
        } else if (dice < 76) {
            Path d = randomDir();
            if (depth(d) < 4) {
                act("mkdir", () -> Files.createDirectory(d.resolve(name("dir"))));
            }
        } else if (dice < 80) {
            subdir().ifPresent(this::renameDir);
        } else if (dice < 83) {
            subdir().ifPresent(d -> act("delete-dir", () -> TestTrees.deleteTree(d)));
        } else if (dice < 88) {
            Path d = randomDir();
            String target = random.nextBoolean() ? "../elsewhere/" + serial : "page-" + random.nextInt(50) + ".html";
            act("symlink", () -> Files.createSymbolicLink(d.resolve(name("link")), Path.of(target)));
        } else if (dice < 95) {
            existingFile().ifPresent(f -> act("chmod-file",
                    () -> TestTrees.chmod(f, FILE_MODES[random.nextInt(FILE_MODES.length)])));
        } else if (dice < 97) {
            subdir().ifPresent(d -> act("chmod-dir",
                    () -> TestTrees.chmod(d, DIR_MODES[random.nextInt(DIR_MODES.length)])));
        } else {
            Path d = randomDir();
            act("create-non-utf8", () -> TestTrees.write(TestTrees.child(d, TestTrees.nonUtf8Name("raw" + serial++)),
                    "raw\n"));
        }
    }

    private void createFile(Path dir) {
        act("create-file", () -> Files.write(dir.resolve(name("file")), content()));
    }

    private void rewrite(Path f) {
        act("write", () -> Files.write(f, content()));
    }

    private void append(Path f) {
        act("append", () -> Files.writeString(f, "more " + serial++ + "\n", StandardOpenOption.APPEND));
    }

    private void renameFile(Path f) {
        Path to = (random.nextBoolean() ? f.getParent() : randomDir()).resolve(name("moved"));
        act("rename-file", () -> Files.move(f, to));
    }

    private void renameDir(Path d) {
        act("rename-dir", () -> Files.move(d, d.resolveSibling(name("dirmoved"))));
    }

    private String name(String kind) {
        String style = NAME_STYLES[random.nextInt(NAME_STYLES.length)];
        return kind + "-" + String.format(style, serial++);
    }

    private byte[] content() {
        byte[] b = new byte[random.nextInt(8192)];
        random.nextBytes(b);
        return b;
    }

    /** The root or a directory below it, found by a random descent. */
    private Path randomDir() {
        Path dir = root;
        while (random.nextInt(3) > 0) {
            List<Path> subs = children(dir, true);
            if (subs.isEmpty()) {
                break;
            }
            dir = subs.get(random.nextInt(subs.size()));
        }
        return dir;
    }

    private Optional<Path> subdir() {
        Path d = randomDir();
        return d.equals(root) ? Optional.empty() : Optional.of(d);
    }

    private Optional<Path> existingFile() {
        List<Path> files = children(randomDir(), false);
        return files.isEmpty() ? Optional.empty() : Optional.of(files.get(random.nextInt(files.size())));
    }

    private static List<Path> children(Path dir, boolean directories) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(LEFT_ALONE))
                    .filter(p -> directories
                            ? Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                            : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted() // listing order is the file system's: sort so the seed decides
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("churn could not list " + dir, e);
        }
    }

    private int depth(Path d) {
        return root.relativize(d).toString().isEmpty() ? 0 : root.relativize(d).getNameCount();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void act(String kind, IoAction action) {
        try {
            action.run();
            count(kind, 1);
        } catch (IOException e) {
            throw new IllegalStateException("churn " + kind + " in " + root + " failed: " + e, e);
        }
    }

    private void count(String kind, long n) {
        counts.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
    }

    /** The names used, for a report: the styles, with {@code %d} for the serial number. */
    static String nameStyles() {
        return String.join(" | ", NAME_STYLES).replace("\n", "\\n").replace("\t", "\\t");
    }
}
