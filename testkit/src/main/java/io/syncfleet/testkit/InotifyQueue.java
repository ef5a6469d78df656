package io.syncfleet.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The machine-wide {@code fs.inotify.max_queued_events}, which a new inotify instance reads once, when it is
 * created. Tests that lower it on purpose read, lower and restore it here, and the tests of the watch backends
 * put it back to the kernel's default before they start one.
 *
 * <p>Read it in one read: a sysctl file answers a read at a non-zero offset with EOF, so
 * {@code Files.readString} (whose first read of a zero-size file is small) sees only the first digit. Tests
 * that restored such a reading left the limit at 1 or 3 on the build machine, and every watcher after them
 * overflowed at the first burst.
 */
public final class InotifyQueue {

    public static final Path FILE = Path.of("/proc/sys/fs/inotify/max_queued_events");
    /** The kernel's default. */
    public static final long DEFAULT = 16_384;

    private InotifyQueue() {
    }

    /** The limit now; empty where the file cannot be read (not Linux). */
    public static OptionalLong read() {
        try (InputStream in = Files.newInputStream(FILE)) {
            byte[] buf = new byte[64];
            int n = in.read(buf);
            return n <= 0 ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(new String(buf, 0, n, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** True when this process may change the limit (root). */
    public static boolean writable() {
        return read().isPresent() && Files.isWritable(FILE);
    }

    /** Sets the limit; needs root. */
    public static void write(long value) throws IOException {
        Files.writeString(FILE, value + "\n", StandardCharsets.US_ASCII);
    }

    /** Raises the limit to {@link #DEFAULT} when it is lower and this process may write it (root); else nothing. */
    public static void atLeastDefault() {
        OptionalLong now = read();
        if (now.isPresent() && now.getAsLong() < DEFAULT && Files.isWritable(FILE)) {
            try {
                write(DEFAULT);
                System.err.println("testkit: fs.inotify.max_queued_events was " + now.getAsLong() + "; set to "
                        + DEFAULT);
            } catch (IOException e) {
                // the tests that need a normal queue fail with their own message
            }
        }
    }
}
