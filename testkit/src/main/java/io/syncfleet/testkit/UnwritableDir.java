package io.syncfleet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A directory nobody can create files in, not even a process running as root, until {@link #close()}: the
 * target side of a partial failure ("mkstemp ... failed"). As root (where permissions do not stop anyone) it
 * uses {@code chattr +i}, otherwise {@code chmod 555}. Close it before the temp dir is deleted.
 */
public final class UnwritableDir implements AutoCloseable {

    private final Path dir;
    private final boolean immutable;
    private final Set<PosixFilePermission> before;
    private boolean closed;

    private UnwritableDir(Path dir, boolean immutable, Set<PosixFilePermission> before) {
        this.dir = dir;
        this.immutable = immutable;
        this.before = before;
    }

    /** Creates {@code dir} when missing and makes it unwritable. */
    public static UnwritableDir lock(Path dir) {
        try {
            Files.createDirectories(dir);
            Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
            if (isRoot()) {
                run("chattr", "+i", dir.toString());
                if (probeWritable(dir)) {
                    run("chattr", "-i", dir.toString());
                    throw new IllegalStateException("chattr +i had no effect on " + dir + " (file system without "
                            + "the immutable flag?)");
                }
                return new UnwritableDir(dir, true, before);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            return new UnwritableDir(dir, false, before);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + " unwritable", e);
        }
    }

    private static boolean probeWritable(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ""));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() throws IOException {
        Path probe = Files.createTempFile("uid", "");
        try {
            return ((Integer) Files.getAttribute(probe, "unix:uid")) == 0;
        } finally {
            Files.delete(probe);
        }
    }

    private static void run(String... argv) {
        try {
            Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", argv) + " cannot run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Makes the directory writable again, as it was. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (immutable) {
            run("chattr", "-i", dir.toString());
        } else {
            try {
                Files.setPosixFilePermissions(dir, before);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + dir + " writable again", e);
            }
        }
    }
}
